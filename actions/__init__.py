"""Custom actions, one module per concern: knowledge (curated answers), safety
(referrals and unreadable input) and suggestions (topics, did-you-mean)."""

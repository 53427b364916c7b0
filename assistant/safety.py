"""Checks that must never depend on the intent classifier.

`mentions_crisis` is the phrase safety net for suicide, self-harm and overdose: it runs
on every message, in the NLU pipeline and again in the answering action, so that no
crisis message gets a curated answer even if the classifier is wrong.
`input_problem` names what is wrong with a message we cannot read at all.
"""
import re
import unicodedata
from typing import Optional

# Each pattern is matched against the lower-cased message with runs of white space and
# apostrophes normalised. Misspellings patients really type are included on purpose.
_CRISIS_PATTERNS = [
    r"\bsu[iy]?c[iy]?d",                      # suicide, suicidal, sucide, suiside
    r"\bsuis[iy]?d",
    r"\bkill(ing)? (my ?self|me)\b",
    r"\bkil+ my ?self\b",
    r"\bend(ing)? (my|it) (own )?(life|all)\b",
    r"\bend it all\b",
    r"\btake my (own )?life\b",
    r"\b(want|wanna|wish|going|ready|trying) (to )?(die|be dead)\b",
    r"\bwant(ed)? to die\b",
    r"\bbetter off dead\b",
    r"\b(don ?t|do not|dont) want to (live|be alive|wake up|exist)\b",
    r"\bno (reason|point) (to|in) (live|living|going on)\b",
    r"\bself[- ]?harm",
    r"\bhurt(ing)? my ?self\b",
    r"\bcut(ting)? my ?self\b",
    r"\bharm(ing)? my ?self\b",
    r"\bover ?dos(e|ed|ing)\b",
    r"\b(take|took|swallow|swallowed) (all|the whole|a whole) (of )?(my |the )?(pills|bottle|pack)\b",
    r"\bnot worth living\b",
]
CRISIS_RE = re.compile("|".join(f"(?:{p})" for p in _CRISIS_PATTERNS))

# Function words frequent in other languages and rare in English questions.
_FOREIGN_WORDS = set(
    "qué que es el la los las para por cómo como está esta pero también puedo tengo "
    "medicamento medicina dolor ist das und nicht ich wie was ein eine der die mit "
    "le les est une des pour avec je pas c'est quoi comment ce du "
    "não você uma com isso della sono che per non".split()
)
_ENGLISH_WORDS = set(
    "the is are what how does do it a an of for and i my to can with about you in on "
    "this that have has be will why when who which your me there".split()
)


# Markup or code pasted into the chat: HTML tags, or SQL statements with their punctuation.
MARKUP_RE = re.compile(
    r"<\s*/?\s*[a-z][^>]*>"
    r"|(?:^|[;'\"]\s*)(?:drop|delete|insert|update|select|union|alter|create)\b[^;]*(?:;|--|$)",
    re.IGNORECASE,
)


def _normalise(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("'", "")
    return " ".join(re.sub(r"[^\w\s-]", " ", text).split())


def mentions_crisis(text: Optional[str]) -> bool:
    """True when the message mentions suicide, self-harm, wanting to die or overdose."""
    return bool(text) and bool(CRISIS_RE.search(_normalise(text)))


def input_problem(text: Optional[str], max_chars: int) -> Optional[str]:
    """Why a message cannot be read: empty, too_long, no_words, markup or not_english (else None)."""
    if text is None or not text.strip():
        return "empty"
    if len(text) > max_chars:
        return "too_long"
    if MARKUP_RE.search(text):
        return "markup"
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "no_words"
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    if latin < len(letters) / 2:
        return "not_english"
    words = re.findall(r"[^\W\d_]+(?:'[^\W\d_]+)?", text.lower())
    foreign = sum(1 for w in words if w in _FOREIGN_WORDS)
    english = sum(1 for w in words if w in _ENGLISH_WORDS)
    if foreign >= 2 and foreign > english:
        return "not_english"
    if any(c in "¿¡ñãõçßäöü" for c in text.lower()) and english == 0:
        return "not_english"
    return None

"""`make chat`: a terminal conversation with the running assistant (Rasa's console client)."""
import asyncio
import os
import sys
import uuid

import requests


def main() -> int:
    url = f"http://127.0.0.1:{os.environ.get('RASA_PORT', '5005')}"
    try:
        requests.get(url, timeout=3).raise_for_status()
    except requests.RequestException:
        print(f"The assistant is not running at {url}. Start it with `make run` in another terminal.",
              file=sys.stderr)
        return 1
    from rasa.core.channels.console import record_messages

    asyncio.run(record_messages(sender_id=f"chat-{uuid.uuid4().hex[:8]}", server_url=url,
                                use_response_stream=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())

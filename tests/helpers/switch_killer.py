"""A child process for the encryption kill test: encrypts or decrypts a store, killing
itself at a sync.

Usage: ``python -m tests.helpers.switch_killer STORE encrypt|decrypt K``

Once the store is open (a store to decrypt is unlocked with ``FAMA_PASSPHRASE_FILE``),
every ``os.fsync`` is counted; at the K-th the process sends itself SIGKILL before syncing
(K = 0: never). Each file converted ends in a sync, so killing at each one in turn stops
the switch after each step it takes. With K = 0 it prints ``syncs N``.
"""

from __future__ import annotations

import sys
from pathlib import Path

from fama.store import TinyDBStore
from fama.store.switching import decrypt, encrypt
from tests.helpers.sealed import CHEAP, PASSPHRASE
from tests.helpers.sync_killer import run_killed_at_sync


def main() -> None:
    path, action, kill_at = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    store = TinyDBStore.open(path)
    if action == "encrypt":
        run_killed_at_sync(lambda: encrypt(store, PASSPHRASE, CHEAP), kill_at)
    else:
        run_killed_at_sync(lambda: decrypt(store), kill_at)


if __name__ == "__main__":
    main()

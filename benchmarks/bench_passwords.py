"""Password hashing: the processor time of one hash of a demo account's one-time password
(`passwords.ONE_TIME_DEMO`) as a ratio of one at the standard parameters (`passwords.STANDARD`),
each side the median of several hashes measured alternately in this process. Processor time
(all threads: argon2 hashes its lanes in threads of its own), not wall time: on a shared machine
the standard hash's four lanes wait for cores, and its wall time says more of the load than of
the hash."""

from __future__ import annotations

import statistics
import time

from episurv.accounts import passwords

RUNS = 9


def main() -> None:
    secret = passwords.new_secret(12)
    times: dict[str, list[float]] = {"standard": [], "one-time demo": []}
    for _ in range(RUNS):
        for name, hasher in (("standard", passwords.STANDARD),
                             ("one-time demo", passwords.ONE_TIME_DEMO)):
            start = time.process_time()
            hasher.hash(secret)
            times[name].append(time.process_time() - start)
    standard = statistics.median(times["standard"])
    light = statistics.median(times["one-time demo"])
    print(f"standard argon2id (t=3, 64 MiB, p=4): {standard * 1000:.1f} ms of processor time "
          f"a hash (median of {RUNS})", flush=True)
    print(f"one-time demo (t=1, 8 MiB, p=1): {light * 1000:.1f} ms "
          f"(ratio {light / standard:.3f} x standard)", flush=True)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write N leads as a CSV for `leadline import leads`, and the same leads with ids for
`psql \\copy` into the leads table (the baseline). Deterministic: lead i is always the same."""
import csv
import sys
import uuid

CHANNELS = ["Google Ads", "Facebook", "Instagram", "TikTok", "Referral", "Website form",
            "Cold list", "Trade show", "LinkedIn", "Partner"]


def phone(i):
    # +1 212 NXX XXXX: 800 exchanges x 10,000 lines, skipping the N11 service codes.
    exchanges = [x for x in range(200, 1000) if x % 100 != 11]
    return f"+1212{exchanges[i // 10000 % len(exchanges)]}{i % 10000:04d}"


def main():
    n, plain, with_ids = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    with open(plain, "w", newline="") as a, open(with_ids, "w", newline="") as b:
        wa, wb = csv.writer(a), csv.writer(b)
        wa.writerow(["Name", "Phone", "Email", "Company", "Source"])
        wb.writerow(["id", "name", "phone", "email", "company", "source"])
        for i in range(n):
            row = [f"Lead {i}", phone(i), f"lead{i}@example.com", f"Company {i % 5000}", CHANNELS[i % len(CHANNELS)]]
            wa.writerow(row)
            wb.writerow([uuid.UUID(int=(0x0190_0000_0000_7000_8000_0000_0000_0000 + i))] + row)


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Write N leads as a CSV for `leadline import leads`, and the same leads with ids for
`psql \\copy` into the leads table (the baseline). Deterministic: lead i is always the same.

With a fourth argument the leads carry tags (none, one or two each: 999,999 tags for a
million leads): the import's CSV gets a Tags column, and that file gets the baseline's
lead_tags rows, for `\\copy lead_tags` after the tags of TAGS are inserted with their ids."""
import csv
import sys
import uuid

CHANNELS = ["Google Ads", "Facebook", "Instagram", "TikTok", "Referral", "Website form",
            "Cold list", "Trade show", "LinkedIn", "Partner"]

# The tags, with the ids the baseline gives them.
TAGS = ["vip", "smb", "enterprise", "webinar", "reactivated", "q4 promo", "partner list"]
TAG_IDS = {name: uuid.UUID(int=(0x0190_0000_0000_7000_9000_0000_0000_0000 + i)) for i, name in enumerate(TAGS)}


def phone(i):
    # +1 212 NXX XXXX: 800 exchanges x 10,000 lines, skipping the N11 service codes.
    exchanges = [x for x in range(200, 1000) if x % 100 != 11]
    return f"+1212{exchanges[i // 10000 % len(exchanges)]}{i % 10000:04d}"


def tags(i):
    # A third of the leads have none, a third one, a third two.
    return [TAGS[(i + k) % len(TAGS)] for k in range(i % 3)]


def main():
    n, plain, with_ids = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    tag_rows = sys.argv[4] if len(sys.argv) > 4 else None
    with open(plain, "w", newline="") as a, open(with_ids, "w", newline="") as b, \
            open(tag_rows or "/dev/null", "w", newline="") as c:
        wa, wb, wc = csv.writer(a), csv.writer(b), csv.writer(c)
        wa.writerow(["Name", "Phone", "Email", "Company", "Source"] + (["Tags"] if tag_rows else []))
        wb.writerow(["id", "name", "phone", "email", "company", "source"])
        wc.writerow(["lead_id", "tag_id"])
        for i in range(n):
            lead_id = uuid.UUID(int=(0x0190_0000_0000_7000_8000_0000_0000_0000 + i))
            row = [f"Lead {i}", phone(i), f"lead{i}@example.com", f"Company {i % 5000}", CHANNELS[i % len(CHANNELS)]]
            wb.writerow([lead_id] + row)
            if tag_rows:
                wa.writerow(row + [", ".join(tags(i))])
                for name in tags(i):
                    wc.writerow([lead_id, TAG_IDS[name]])
            else:
                wa.writerow(row)
    if tag_rows:
        # The baseline's tags, as SQL on stdout.
        values = ", ".join(f"('{TAG_IDS[name]}', '{name}')" for name in TAGS)
        print(f"INSERT INTO tags (id, name) VALUES {values}")


if __name__ == "__main__":
    main()

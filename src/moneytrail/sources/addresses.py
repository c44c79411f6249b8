"""The FEC's addresses: bulk downloads, electronic filings, the e-filing feed.

Apart from the readers so that the command line can show them as defaults without loading httpx.
"""

FEC_BULK_BASE = "https://www.fec.gov/files/bulk-downloads"
FEC_FILING_BASE = "https://docquery.fec.gov/dcdev/posted"  # <filing id>.fec, every electronic filing
FEC_FEED_BASE = "https://efilingapps.fec.gov/rss/generate"

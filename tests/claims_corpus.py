"""The public claim corpus: sentences in news-copy style about real races and committees of 2020-2024.

Each sentence is paired with an *oracle*: what to compute from the raw files in ../shared/data with
plain SQL (tests/test_claims_corpus.py), never with moneytrail. The expected verdict follows from
the oracle's figures, so the corpus stays right if a file is refreshed. Oracles:

- ``("cand", FEC name, cycle, metric[, state])`` — a candidate's summary (weball): raised = total
  receipts or individual contributions; spent = disbursements; cash = cash on hand;
- ``("cmte", committee id or exact FEC name, cycle, metric)`` — a committee's PAC summary (webk):
  raised = receipts or individual contributions; spent = disbursements or IEs; cash; gave;
- ``("share" | "votes", year, state, district, surname)``, ``("pair" | "margin" | "points", year,
  state, district)`` — MEDSL general results, party lines of one candidate summed;
- ``("filed", cycle, state, district)`` — candidates in the cycle's candidate master (cn);
- ``("absent", why)`` — what the loaded files cannot answer (a cycle not loaded, primaries when
  only generals are, endorsements): the test checks the reason with SQL too.
"""

from __future__ import annotations

# The files the corpus store holds (paths under ../shared/data/fec, cycle given when the name lacks it).
FILES = [
    ("bulk-irworkshop/cn20.txt", None), ("bulk-irworkshop/cn22.txt", None),
    ("bulk-2024-early-sandeepk97/cn24_early.txt", None), ("bulk-irworkshop/cm20.txt", None),
    ("bulk-irworkshop/cm22.txt", None), ("bulk-2024-early-sandeepk97/cm24_early.txt", None),
    ("bulk-harshavardhan/weball20.txt", None), ("bulk-harshavardhan/weball22.txt", None),
    ("bulk-harshavardhan/weball24.txt", None), ("bulk-harshavardhan/webk22.txt", None),
    ("bulk-2020-early-jk3587/webk20.txt", None), ("bulk-harshavardhan/ccl22.txt", None),
    ("bulk-2024-early-sandeepk97/itpas2_24_early.txt", None), ("bulk-2020-early-jk3587/itpas2.txt", 2020),
]
WEBALL = {20: "bulk-harshavardhan/weball20.txt", 22: "bulk-harshavardhan/weball22.txt",
          24: "bulk-harshavardhan/weball24.txt"}
WEBK = {20: "bulk-2020-early-jk3587/webk20.txt", 22: "bulk-harshavardhan/webk22.txt"}
CN = {20: "bulk-irworkshop/cn20.txt", 22: "bulk-irworkshop/cn22.txt", 24: "bulk-2024-early-sandeepk97/cn24_early.txt"}

# (article date, [(sentence, oracle), ...]): each article is checked whole, as a reader pastes it.
ARTICLES = [
    ("2025-03-01", [
        ("Minnesota Democrat Ilhan Omar raised $8.3 million in the 2024 cycle, according to Federal Election "
         "Commission records.", ("cand", "OMAR, ILHAN", 24, "raised")),
        ("Omar's campaign spent about $3 million in the 2024 cycle.", ("cand", "OMAR, ILHAN", 24, "spent")),
        ("Her Republican challenger Dalia Al-Aqidi raised about $2.3 million in the 2024 cycle.",
         ("cand", "AL-AQIDI, DALIA", 24, "raised")),
        ("Rep. Ayanna Pressley's campaign spent $1.6 million in the 2024 cycle.",
         ("cand", "PRESSLEY, AYANNA", 24, "spent")),
        ("Pressley raised more than $5 million in the 2024 cycle.", ("cand", "PRESSLEY, AYANNA", 24, "raised")),
        ("Rep. Alexandria Ocasio-Cortez hauled in $15.3 million in the 2024 cycle.",
         ("cand", "OCASIO-CORTEZ, ALEXANDRIA", 24, "raised")),
        ("Rep. Rashida Tlaib ended the 2024 cycle with $4.3 million cash on hand.",
         ("cand", "TLAIB, RASHIDA", 24, "cash")),
        ("Rep. Jamaal Bowman raised nearly $12 million in the 2024 cycle.", ("cand", "BOWMAN, JAMAAL", 24, "raised")),
        ("Rep. Cori Bush raised roughly $4.2 million in the 2024 cycle.", ("cand", "BUSH, CORI", 24, "raised")),
        ("House Democratic leader Hakeem Jeffries raised some $23 million in the 2024 cycle.",
         ("cand", "JEFFRIES, HAKEEM", 24, "raised")),
        ("Rep. Elise Stefanik raised $15.5 million in the 2024 cycle.", ("cand", "STEFANIK, ELISE M.", 24, "raised")),
        ("Gay Valimont, the Democrat who challenged Matt Gaetz, raised $1.6 million in the 2024 cycle.",
         ("cand", "VALIMONT, JENNIFER GAY", 24, "raised")),
        ("Adam Schiff's Senate campaign raised $48 million in the 2024 cycle.",
         ("cand", "SCHIFF, ADAM", 24, "raised")),
        ("Democrat Adam Frisch raised $17.2 million in the 2024 cycle.", ("cand", "FRISCH, ADAM", 24, "raised")),
        ("Lauren Boebert raised $9 million in the 2024 cycle.", ("cand", "BOEBERT, LAUREN", 24, "raised")),
        ("Omar says she will raise $2 million in the 2026 cycle.", ("absent", "weball26")),
    ]),
    ("2023-03-01", [
        ("Georgia Sen. Raphael Warnock raised more than $200 million in the 2022 cycle.",
         ("cand", "WARNOCK, RAPHAEL", 22, "raised")),
        ("His Republican opponent Herschel Walker raised $73.7 million in the 2022 cycle.",
         ("cand", "WALKER, HERSCHEL MR.", 22, "raised")),
        ("In Pennsylvania, John Fetterman raised $120 million in the 2022 cycle.",
         ("cand", "FETTERMAN, JOHN KARL", 22, "raised")),
        ("Mehmet Oz raised about $51 million in the 2022 cycle.", ("cand", "OZ, MEHMET DR", 22, "raised")),
        ("Abigail Spanberger raised $9.1 million in 2022, nearly three times the $3.7 million of her Republican "
         "opponent, Yesli Vega.", ("cand", "SPANBERGER, ABIGAIL", 22, "raised")),
        (None, ("cand", "VEGA, YESLI", 22, "raised")),  # the second figure of the sentence above
        ("Marjorie Taylor Greene raised $4 million in the 2022 cycle.",
         ("cand", "GREENE, MARJORIE TAYLOR MRS.", 22, "raised")),
        ("Her Democratic opponent Marcus Flowers raised nearly $17 million in the 2022 cycle.",
         ("cand", "FLOWERS, MARCUS", 22, "raised")),
        ("Kevin McCarthy raised $28.3 million in the 2022 cycle.", ("cand", "MCCARTHY, KEVIN", 22, "raised")),
        ("Rep. Lauren Boebert raised $2 million in the 2022 cycle.", ("cand", "BOEBERT, LAUREN", 22, "raised")),
        ("Rep. Jimmy Gomez raised $1.8 million in the 2022 cycle.", ("cand", "GOMEZ, JIMMY", 22, "raised")),
        ("Alexandria Ocasio-Cortez had about $5.2 million cash on hand at the end of the 2022 cycle.",
         ("cand", "OCASIO-CORTEZ, ALEXANDRIA", 22, "cash")),
        ("Matt Gaetz's campaign spent $20 million in the 2022 cycle.", ("cand", "GAETZ, MATT", 22, "spent")),
    ]),
    ("2023-02-01", [
        ("The Senate Leadership Fund raised $289.6 million in the 2022 cycle.", ("cmte", "C00571703", 22, "raised")),
        ("The Senate Leadership Fund spent some $246 million on independent expenditures in the 2022 cycle.",
         ("cmte", "C00571703", 22, "spent")),
        ("The Congressional Leadership Fund raised $100 million in the 2022 cycle.",
         ("cmte", "C00504530", 22, "raised")),
        ("House Majority PAC spent $181.6 million in the 2022 cycle.", ("cmte", "C00495028", 22, "spent")),
        ("Club for Growth Action spent nearly $70 million on independent expenditures in the 2022 cycle.",
         ("cmte", "C00487470", 22, "spent")),
        ("The Club for Growth raised $5 million in the 2022 cycle.", ("cmte", "CLUB FOR GROWTH", 22, "raised")),
        ("EMILY's List raised $67.8 million in the 2022 cycle.", ("cmte", "C00193433", 22, "raised")),
        ("The American Medical Association's political action committee gave $5 million to candidates in the "
         "2022 cycle.", ("cmte", "C00000422", 22, "gave")),
        ("The National Rifle Association of America Political Victory Fund raised $18.2 million in the 2022 cycle.",
         ("cmte", "C00053553", 22, "raised")),
        ("United Democracy Project, the pro-Israel super PAC, spent $32.9 million in the 2022 cycle.",
         ("cmte", "C00799031", 22, "spent")),
        ("Americans for Prosperity Action raised about $78 million in the 2022 cycle.",
         ("cmte", "C00687103", 22, "raised")),
        ("The National Association of Realtors PAC contributed $7.1 million to candidates and committees in the "
         "2022 cycle.", ("cmte", "C00030718", 22, "gave")),
        ("Winning for Women's PAC raised $5 million in the 2022 cycle.", ("cmte", "C00646703", 22, "raised")),
        ("The Senate Leadership Fund raised $50 million in the 2020 cycle.", ("cmte", "C00571703", 20, "raised")),
        ("David Kim raised $190,000 in the 2020 cycle.", ("cand", "KIM, DAVID", 20, "raised")),
        ("AIPAC spent some $100 million in 2024.", ("absent", "ie24")),
        ("AIPAC endorsed 233 Republicans in 2024.", ("absent", "endorsements")),
    ]),
    ("2025-01-15", [
        ("Ilhan Omar won re-election in 2024 with 74% of the vote.", ("share", 2024, "MN", 5, "OMAR")),
        ("Omar defeated Dalia Al-Aqidi 80-20 in 2024.", ("pair", 2024, "MN", 5)),
        ("Lauren Boebert beat Adam Frisch by 546 votes in Colorado's 3rd District in 2022.",
         ("margin", 2022, "CO", 3)),
        ("Boebert's margin over Frisch in 2022 was 0.2 points.", ("points", 2022, "CO", 3)),
        ("Alexandria Ocasio-Cortez won 72% of the vote in New York's 14th District in 2020.",
         ("share", 2020, "NY", 14, "OCASIO-CORTEZ")),
        ("Republican John Cummings, running on two party lines, got 27% of the vote in New York's 14th District "
         "in 2020.", ("share", 2020, "NY", 14, "CUMMINGS")),
        ("Jamaal Bowman won the 2022 general election in New York's 16th District with 64% of the vote.",
         ("share", 2022, "NY", 16, "BOWMAN")),
        ("In 2020, Jimmy Gomez prevailed 53-47 over David Kim.", ("pair", 2020, "CA", 34)),
        ("Gomez beat Kim by 30,000 votes in 2020.", ("margin", 2020, "CA", 34)),
        ("Marjorie Taylor Greene won 66% of the vote in Georgia's 14th District in 2022.",
         ("share", 2022, "GA", 14, "GREENE")),
        ("Abigail Spanberger won by about 12,800 votes in 2022.", ("margin", 2022, "VA", 7)),
        ("Dan Crenshaw won Texas's 2nd District in 2022 with 55% of the vote.", ("share", 2022, "TX", 2, "CRENSHAW")),
        ("Ilhan Omar won her 2024 primary with 56% of the vote.", ("absent", "primary", 2024, "MN", 5)),
        ("Matt Gaetz won 66% of the vote in Florida's 1st District in 2024.", ("share", 2024, "FL", 1, "GAETZ")),
        ("Elise Stefanik took 64% of the vote in 2024 in New York's 21st District.",
         ("share", 2024, "NY", 21, "STEFANIK")),
        ("Cori Bush won the 2020 general election with 92% of the vote.", ("share", 2020, "MO", 1, "BUSH")),
        ("Ayanna Pressley won 87% of the vote in the Massachusetts 7th District in 2020.",
         ("share", 2020, "MA", 7, "PRESSLEY")),
        ("Stefanik received 215,996 votes in 2024 across two party lines.", ("votes", 2024, "NY", 21, "STEFANIK")),
        ("Greene got about 150,000 votes in 2022.", ("votes", 2022, "GA", 14, "GREENE")),
    ]),
    ("2023-02-15", [
        ("Three candidates filed to run in California's 34th District in the 2022 cycle.",
         ("filed", 22, "CA", 34)),
        ("Eleven candidates filed with the FEC in Minnesota's 5th District in the 2022 cycle.",
         ("filed", 22, "MN", 5)),
        ("Forty candidates filed paperwork in Colorado's 3rd District in the 2022 cycle.", ("filed", 22, "CO", 3)),
        ("Only one candidate filed in California's 34th District in the 2024 cycle.", ("filed", 24, "CA", 34)),
    ]),
]

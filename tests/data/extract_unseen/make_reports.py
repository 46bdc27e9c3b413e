"""Build tests/data/extract_unseen/reports.jsonl from hand-written reports (own words).

.venv/bin/python tests/data/extract_unseen/make_reports.py tests/data/extract_unseen/reports.jsonl
"""

# ruff: noqa: E501  (the report texts are one string each)
import json
import sys


def T(sup, rec, cats, systems, status, sources=(), ev=0, cal=(), qty=None, denied=()):
    return dict(
        supplier=sup,
        recipient=rec,
        categories=list(cats),
        systems=list(systems),
        calibers_mm=list(cal),
        quantity=qty,
        status=status,
        sources=list(sources),
        denied_by=list(denied),
        evidence=ev,
    )


R = []


def add(pub, sents, transfers=(), title=None):
    R.append((pub, title, sents, list(transfers)))


add(
    "2024-03-12",
    [
        "Washington will send Ukraine another military aid package that includes Stinger missiles and 155 mm artillery rounds, the Pentagon announced on Tuesday.",
        "The package is worth about $300 million.",
    ],
    [
        T(
            "USA",
            "UKR",
            ["missile", "ammunition", "other"],
            ["Stinger", "155 mm artillery shell", "military aid"],
            "planned",
            ["Pentagon"],
            cal=[155],
        )
    ],
)
add(
    "2023-08-20",
    [
        "Germany has delivered a second IRIS-T air defence system to Ukraine, the German defence ministry said on Sunday.",
        "A third unit is due before the end of the year.",
    ],
    [T("DEU", "UKR", ["air_defence"], ["IRIS-T SLM"], "confirmed", ["German defence ministry"])],
)
add(
    "2022-11-02",
    [
        "Hundreds of Shahed-136 drones have been shipped to Russia by Iran since August, according to Western intelligence officials.",
        "Moscow has used them to hit power stations.",
    ],
    [T("IRN", "RUS", ["uav"], ["Shahed-136"], "reported", ["Western intelligence officials"])],
)
add(
    "2024-05-06",
    [
        "The transfer of KN-23 ballistic missiles from North Korea to Russia was confirmed by a UN sanctions monitoring team on Monday.",
        "The team examined debris recovered in Kharkiv.",
    ],
    [T("PRK", "RUS", ["missile"], ["KN-23"], "reported", ["UN sanctions monitoring team"])],
)
add(
    "2022-01-25",
    [
        "China has handed over two Type 054A/P frigates to the Pakistan Navy at a ceremony in Shanghai.",
        "Two more ships of the class are being built.",
    ],
    [T("CHN", "PAK", ["naval"], ["Type 054A/P frigate"], "confirmed", qty="two Type 054A/P frigates")],
)
add(
    "2023-04-17",
    [
        "India received the third squadron of S-400 air defence systems from Russia earlier this year, officials in New Delhi said.",
        "The remaining two squadrons have been delayed by the war in Ukraine.",
    ],
    [T("RUS", "IND", ["air_defence"], ["S-400"], "confirmed", ["officials in New Delhi"])],
)
add(
    "2021-05-04",
    [
        "Egypt has signed a deal to buy 30 more Rafale fighter jets from France, the Egyptian military spokesman said.",
        "The contract will be financed by a loan.",
    ],
    [
        T(
            "FRA",
            "EGY",
            ["aircraft"],
            ["Rafale"],
            "planned",
            ["Egyptian military spokesman"],
            qty="30 more Rafale fighter jets",
        )
    ],
)
add(
    "2021-10-01",
    [
        "Azerbaijan's army relied heavily on Bayraktar TB2 drones bought from Turkey during the 2020 war with Armenia.",
        "Footage of the strikes was broadcast daily by the defence ministry in Baku.",
    ],
    [T("TUR", "AZE", ["uav"], ["Bayraktar TB2"], "confirmed")],
)
add(
    "2019-08-21",
    [
        "The State Department approved the possible sale of 66 F-16V fighter jets to Taiwan, in a deal worth about $8 billion.",
        "Beijing condemned the decision.",
    ],
    [T("USA", "TWN", ["aircraft"], ["F-16"], "planned", qty="66 F-16V fighter jets")],
)
add(
    "2022-12-07",
    [
        "Poland took delivery of the first K2 tanks and K9 howitzers from South Korea on Tuesday, the Polish defence minister announced.",
        "The vehicles were unloaded in the port of Gdynia.",
    ],
    [
        T(
            "KOR",
            "POL",
            ["armoured_vehicle", "artillery"],
            ["K2 Black Panther", "K9 Thunder"],
            "confirmed",
            ["Polish defence minister"],
        )
    ],
)
add(
    "2021-03-15",
    [
        "Israel has supplied Azerbaijan with Harop loitering munitions, according to a report by the Stockholm International Peace Research Institute.",
        "Israeli officials declined to comment.",
    ],
    [
        T(
            "ISR",
            "AZE",
            ["uav"],
            ["IAI Harop"],
            "reported",
            ["Stockholm International Peace Research Institute"],
        )
    ],
)
add(
    "2014-02-03",
    [
        "In 2013, Russia continued to deliver spare parts and Yak-130 training aircraft to the Syrian government, Russian officials confirmed.",
        "Western states had urged Moscow to stop the shipments.",
    ],
    [T("RUS", "SYR", ["aircraft", "other"], ["Yak-130", "spare parts"], "confirmed", ["Russian officials"])],
)
add(
    "2017-06-05",
    [
        "During the 1960s the Soviet Union supplied Egypt with MiG-21 fighters and SA-2 surface-to-air missiles.",
        "Many of them were lost in the war of June 1967.",
    ],
    [T("SUN", "EGY", ["aircraft", "missile"], ["MiG-21", "S-75 Dvina"], "confirmed")],
)
add(
    "2023-07-13",
    [
        "North Korea test-fired a Hwasong-18 intercontinental ballistic missile into the sea off its east coast on Wednesday, Japan's defence ministry said.",
        "The missile flew for 74 minutes.",
    ],
)
add(
    "2023-06-16",
    [
        "Russia has moved Iskander-M missile systems to Belarus, President Vladimir Putin said, adding that they remain under Russian command."
    ],
)
add(
    "2023-02-10",
    [
        "Iran has begun producing Shahed drones at a new factory near Isfahan, state media reported.",
        "Officials said the plant would make 100 airframes a month.",
    ],
)
add(
    "2022-11-09",
    [
        "Ukrainian forces struck a Russian ammunition depot in the Kherson region overnight with HIMARS rockets, the regional governor said."
    ],
)
add(
    "2023-03-31",
    [
        "Washington announced sanctions on North Korea's missile programme on Friday, targeting eight officials and two trading companies."
    ],
)
add(
    "2022-10-24",
    [
        "Israel has turned down Ukraine's request for Iron Dome air defence systems, a senior Israeli official said.",
        "The official cited Israel's security co-ordination with Russia in Syria.",
    ],
)
add(
    "2023-01-12",
    [
        "Tehran denied supplying ballistic missiles to Russia on Thursday, calling the reports Western propaganda."
    ],
    [T("IRN", "RUS", ["missile"], ["ballistic missile"], "denied", denied=["IRN"])],
)
add(
    "2022-05-19",
    [
        "Belarus may have passed older T-72 tanks to Russia, according to open-source analysts who tracked trains near Minsk.",
        "The Belarusian government did not respond.",
    ],
    [T("BLR", "RUS", ["armoured_vehicle"], ["T-72"], "alleged", ["open-source analysts"])],
)
add(
    "2023-05-30",
    [
        "Germany will supply Ukraine with four more Patriot launchers next year, Chancellor Olaf Scholz said.",
        "Berlin has already handed over two complete Patriot batteries.",
    ],
    [T("DEU", "UKR", ["air_defence"], ["Patriot"], "confirmed", ["Olaf Scholz"], ev=1)],
)
add(
    "2023-08-21",
    [
        "The Netherlands and Denmark have pledged F-16 fighter jets to Ukraine, while Norway said it would donate NASAMS air defence units.",
        "Deliveries are not expected before 2024.",
    ],
    [
        T("NLD", "UKR", ["aircraft"], ["F-16"], "planned"),
        T("DNK", "UKR", ["aircraft"], ["F-16"], "planned"),
        T("NOR", "UKR", ["air_defence"], ["NASAMS"], "planned"),
    ],
)
add(
    "2018-04-02",
    [
        "Saudi Arabia bought THAAD missile defence batteries from the United States in a deal signed in 2017.",
        "The first battery is to be operational by 2023.",
    ],
    [T("USA", "SAU", ["air_defence"], ["THAAD"], "confirmed")],
)
add(
    "2023-03-28",
    [
        "The first German-made Leopard 2 tanks arrived in Ukraine on Monday, the Ukrainian defence minister said.",
        "Crews had trained on them in Germany for six weeks.",
    ],
    [T("DEU", "UKR", ["armoured_vehicle"], ["Leopard 2"], "confirmed", ["Ukrainian defence minister"])],
)
add(
    "2023-04-20",
    [
        "Patriot batteries supplied by the United States are now operating in Ukraine, a Pentagon spokesman said."
    ],
    [T("USA", "UKR", ["air_defence"], ["Patriot"], "confirmed", ["Pentagon spokesman"])],
)
add(
    "2023-04-05",
    [
        '"We have transferred more than 300 tanks to Ukraine," Polish President Andrzej Duda said in an interview.',
        "He said Poland would keep helping its neighbour.",
    ],
    [
        T(
            "POL",
            "UKR",
            ["armoured_vehicle"],
            ["tank"],
            "confirmed",
            ["Andrzej Duda"],
            qty="more than 300 tanks",
        )
    ],
)
add(
    "2022-09-01",
    [
        "Analysts say China's export of Wing Loong II drones to Saudi Arabia and the United Arab Emirates has made it the main supplier of armed drones in the Gulf."
    ],
    [
        T("CHN", "SAU", ["uav"], ["Wing Loong II"], "reported", ["Analysts"]),
        T("CHN", "ARE", ["uav"], ["Wing Loong II"], "reported", ["Analysts"]),
    ],
)
add(
    "2023-01-19",
    [
        "KYIV, Jan 19 - Sweden will send Archer self-propelled howitzers and CV90 infantry fighting vehicles to Ukraine, the Swedish government said on Thursday."
    ],
    [
        T(
            "SWE",
            "UKR",
            ["artillery", "armoured_vehicle"],
            ["Archer", "CV90"],
            "planned",
            ["Swedish government"],
        )
    ],
)
add(
    "2021-07-08",
    [
        "Iran has smuggled anti-ship missiles to Hezbollah through Syria, Israeli military officials alleged on Thursday."
    ],
    [T("IRN", "hezbollah", ["missile"], ["anti-ship missile"], "alleged", ["Israeli military officials"])],
)
add(
    "2024-02-15",
    [
        "A cargo of Iranian cruise missile parts bound for the Houthis was seized by the US Navy in the Arabian Sea.",
        "The crew of the small boat was detained.",
    ],
    [T("IRN", "houthis", ["missile"], ["cruise missile parts"], "confirmed")],
)
add(
    "2023-09-04",
    [
        "Russia is expected to deliver Su-35 fighter jets to Iran, according to a member of the Iranian parliament's security committee."
    ],
    [T("RUS", "IRN", ["aircraft"], ["Su-35"], "planned", ["Iranian parliament's security committee"])],
)
add(
    "2012-10-10",
    [
        "Venezuela imported Sukhoi Su-30 jets and T-72 tanks from Russia in the late 2000s, paid for with Russian credit."
    ],
    [T("RUS", "VEN", ["aircraft", "armoured_vehicle"], ["Su-30", "T-72"], "confirmed")],
)
add(
    "2023-02-22",
    ["British instructors trained Ukrainian crews on Challenger 2 tanks at a base in the south of England."],
)
add(
    "2023-05-11",
    [
        "Britain became the first country to supply Ukraine with long-range Storm Shadow cruise missiles, Defence Secretary Ben Wallace told parliament."
    ],
    [T("GBR", "UKR", ["missile"], ["Storm Shadow"], "confirmed", ["Ben Wallace"])],
)
add(
    "2023-12-02",
    ["The US has sent Israel thousands of 2,000-pound bombs since October, two US officials told Reuters."],
    [
        T(
            "USA",
            "ISR",
            ["ammunition"],
            ["2,000-pound bomb"],
            "reported",
            ["two US officials", "Reuters"],
            qty="thousands of 2,000-pound bombs",
        )
    ],
)
add(
    "2021-02-09",
    ["India has purchased Heron drones from Israel Aerospace Industries for its army."],
    [T("ISR", "IND", ["uav"], ["IAI Heron"], "confirmed")],
)
add(
    "2019-01-04",
    ["Beijing received its first batch of S-400 systems from Moscow in 2018."],
    [T("RUS", "CHN", ["air_defence"], ["S-400"], "confirmed")],
)
add(
    "2023-10-01",
    ["Washington's delivery of M1 Abrams tanks to Kyiv was completed in September, a US official said."],
    [T("USA", "UKR", ["armoured_vehicle"], ["M1 Abrams"], "reported", ["US official"])],
)
add(
    "2022-03-02",
    ["Minsk denied sending any weapons to Moscow after Kyiv accused it of arming the invasion."],
    [T("BLR", "RUS", ["other"], ["weapons"], "denied", denied=["BLR"])],
)
add(
    "2023-11-14",
    ["Armenia has asked India for more Pinaka rocket launchers, an Indian defence source said."],
    [T("IND", "ARM", ["artillery"], ["Pinaka"], "planned", ["Indian defence source"])],
)
add(
    "2020-06-01",
    ["Moscow sold T-55 tanks and MiG-17 jets to Cuba in the early 1960s, soon after the revolution."],
    [T("SUN", "CUB", ["armoured_vehicle", "aircraft"], ["T-55", "MiG-17"], "confirmed")],
)
add(
    "2022-10-20",
    ["Dozens of Iranian-made Mohajer-6 drones have reached Russian forces, Ukrainian intelligence said."],
    [T("IRN", "RUS", ["uav"], ["Mohajer-6"], "reported", ["Ukrainian intelligence"])],
)
add(
    "2022-07-28",
    ["Howitzers donated by Canada arrived in Ukraine last week."],
    [T("CAN", "UKR", ["artillery"], ["howitzer"], "confirmed")],
)
add(
    "2022-06-30",
    ["Turkey has handed Ukraine Kirpi armoured vehicles, a Ukrainian commander told local media."],
    [T("TUR", "UKR", ["armoured_vehicle"], ["Kirpi"], "confirmed", ["Ukrainian commander"])],
)
add("2023-07-12", ["Chinese and Russian warships held joint naval drills in the Sea of Japan this week."])
add(
    "2023-12-22",
    ["The Pentagon awarded Lockheed Martin a contract to build 24 more F-35 jets for the US Air Force."],
)
add(
    "2023-02-27",
    ["Eritrea is believed to have received Chinese-made anti-tank missiles via Sudan, a UN panel said."],
    [T("CHN", "ERI", ["missile"], ["anti-tank missile"], "alleged", ["UN panel"])],
)
add(
    "2023-12-01",
    [
        "South Korea's Hanwha Aerospace will deliver 152 more K9 howitzers to Poland under a second contract, the company said."
    ],
    [
        T(
            "KOR",
            "POL",
            ["artillery"],
            ["K9 Thunder"],
            "planned",
            ["Hanwha Aerospace"],
            qty="152 more K9 howitzers",
        )
    ],
)
add(
    "2024-01-08",
    [
        "Egypt gets about $1.3 billion a year in US military aid, much of it spent on American-made F-16s and Apache helicopters."
    ],
    [T("USA", "EGY", ["other", "aircraft"], ["military aid", "F-16", "AH-64 Apache"], "confirmed")],
)
add(
    "2023-07-14",
    ["France will supply 26 Rafale Marine jets to the Indian Navy under a deal signed on Monday."],
    [T("FRA", "IND", ["aircraft"], ["Rafale"], "planned", qty="26 Rafale Marine jets")],
)
add("2023-05-09", ["Russia fired Kinzhal hypersonic missiles at Kyiv overnight, Ukraine's air force said."])
add(
    "2024-01-04",
    [
        "North Korea has provided Russia with ballistic missiles and launchers, White House spokesman John Kirby said on Thursday.",
        "Russia fired some of them at Zaporizhzhia last week.",
    ],
    [
        T(
            "PRK",
            "RUS",
            ["missile", "artillery"],
            ["ballistic missile", "launcher"],
            "reported",
            ["John Kirby"],
        )
    ],
)
add(
    "2023-09-26",
    [
        "Pakistan sold artillery shells to Ukraine through intermediaries in 2022, according to documents seen by reporters.",
        "Islamabad denied the report.",
    ],
    [T("PAK", "UKR", ["ammunition"], ["artillery shell"], "reported", ["documents"], denied=["PAK"])],
)
add(
    "2022-09-08",
    ["The sale of 12 Bayraktar TB2 drones to Poland was completed this year, Baykar said."],
    [T("TUR", "POL", ["uav"], ["Bayraktar TB2"], "confirmed", ["Baykar"], qty="12 Bayraktar TB2 drones")],
)

out = []
for n, (pub, title, sents, transfers) in enumerate(R, 1):
    text = " ".join(sents)
    for t in transfers:
        t["evidence"] = sents[t["evidence"]]
        assert t["evidence"] in text
    out.append(
        {
            "id": f"unseen-{n:03d}",
            "title": title,
            "published": pub,
            "outlet": None,
            "text": text,
            "transfers": transfers,
            "role_claims": [],
        }
    )
with open(sys.argv[1], "w") as fh:
    for d in out:
        fh.write(json.dumps(d, ensure_ascii=False) + "\n")
print(len(out), sum(len(d["transfers"]) for d in out))

"""Words of the synthetic corpus: outlets, people, page furniture and the parts of noise sentences.

Plain data only; ``corpus`` and ``figures`` draw from these with a seeded random generator.
"""

from __future__ import annotations

# (name shown on the page, domain, dateline agency or None)
OUTLETS: tuple[tuple[str, str, str | None], ...] = (
    ("Business Recorder", "www.brecorder.com", None),
    ("Dawn", "www.dawn.com", None),
    ("The News", "www.thenews.com.pk", None),
    ("The Express Tribune", "tribune.com.pk", None),
    ("ProPakistani", "propakistani.pk", None),
    ("TechJuice", "www.techjuice.pk", None),
    ("APP", "www.app.com.pk", "APP"),
    ("Pakistan Observer", "pakobserver.net", "APP"),
    ("Arab News Pakistan", "www.arabnews.pk", None),
    ("Profit", "profit.pakistantoday.com.pk", None),
    ("UrduPoint", "www.urdupoint.com", "APP"),
    ("The Nation", "www.nation.com.pk", None),
    ("Daily8", "www.daily8.pk", None),
)

CITIES = ("ISLAMABAD", "KARACHI", "LAHORE", "PESHAWAR", "QUETTA", "RAWALPINDI", "FAISALABAD", "MULTAN")

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
MONTH_ABBR = tuple(m[:3] for m in MONTHS)
NUMBER_WORDS = {
    2: "two",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
}

SPEAKERS = (
    "Federal Minister for IT and Telecommunication Shaza Fatima Khawaja",
    "the Minister of State for IT and Telecom",
    "the Managing Director of the Pakistan Software Export Board (PSEB)",
    "the chairman of P@SHA",
    "the Parliamentary Secretary for IT and Telecommunication",
    "the Secretary of the Ministry of IT and Telecommunication (MoITT)",
    "the CEO of Ignite",
    "the Finance Minister",
    "a senior official of the State Bank of Pakistan (SBP)",
    "industry representatives",
    "analysts at a Karachi brokerage",
    "the Punjab Information Technology Board (PITB) chairman",
)

ACTORS = (
    "The government",
    "The Ministry of IT and Telecom",
    "The ministry",
    "PSEB",
    "The IT industry",
    "The Special Investment Facilitation Council (SIFC)",
    "The federal cabinet",
    "The Punjab government",
    "The State Bank of Pakistan",
    "The technology industry",
    "The startup community",
    "The freelance community",
)

VERBS = (
    "is committed to",
    "will focus on",
    "has prioritised",
    "continues to work on",
    "aims at",
    "has called for",
    "is finalising a plan for",
    "stressed the need for",
    "remains dedicated to",
    "has launched consultations on",
)

GOALS = (
    "improving the ease of doing business for tech companies",
    "attracting foreign direct investment into the technology sector",
    "expanding digital infrastructure to underserved districts",
    "building a skilled digital workforce",
    "positioning Pakistan as a regional tech hub",
    "uninterrupted internet connectivity for exporters",
    "a stable tax regime for IT exporters",
    "the retention of export proceeds in foreign currency accounts",
    "closer cooperation between academia and industry",
    "digital public services for citizens and businesses",
    "cloud adoption across federal ministries",
    "a national policy on artificial intelligence",
    "cybersecurity capacity in public institutions",
    "venture capital for early-stage startups",
    "women's participation in the digital economy",
    "a faster rollout of 5G services",
)

CLAUSES = (
    "Officials said the details would be shared with stakeholders in the coming weeks.",
    "The meeting was attended by representatives of the private sector and development partners.",
    "Industry leaders welcomed the move but called for policy consistency.",
    "Experts, however, warned that internet disruptions could derail the progress.",
    "The country has a young, tech-savvy population, and the freelance economy continues to thrive.",
    "Critics say the gains remain concentrated in a few large cities.",
    "The initiative is part of the Digital Nation Pakistan vision.",
    "The ministry did not share a timeline for the next phase.",
    "Further reforms are expected in the upcoming budget.",
    "Stakeholders stressed that a predictable policy environment is essential.",
    "The participants were briefed on the progress of ongoing projects.",
    "Several companies have already shown interest in setting up offices.",
    "The plan was approved in principle, subject to the availability of funds.",
    "According to official documents, the efforts are creating a sustainable digital ecosystem.",
)

QUOTES = (
    "Technology is the fastest route to a stronger economy",
    "Our young people are our biggest asset",
    "We will not let bureaucratic hurdles slow down exporters",
    "Connectivity is the backbone of the digital economy",
    "Every district must have access to digital skills",
    "The private sector must lead this growth",
)

HEAD_FURNITURE = (
    "- Advertisement -",
    "Premium Content",
    "Print Friendly, PDF & Email",
    "Home | Business | Technology | Pakistan | World | Sports | Opinion",
    "Home › Business › Technology",
    "Listen to this article",
    "Breaking News",
    "Follow us on Google News",
)

TAIL_FURNITURE = (
    ("Hashtags",),
    ("Try Our AI Features", "Explore what Daily8 AI can do for you:"),
    ("Comments", "No comments yet..."),
    ("Leave a Comment", "Your email address will not be published. Required fields are marked *"),
    ("Share this:", "Facebook", "Twitter", "WhatsApp", "LinkedIn"),
    ("Please, subscribe to the YouTube channel of",),
    ("Subscribe to our newsletter", "Get the latest technology news delivered to your inbox."),
    ("Read more:",),
)

TEASER_HEADLINES = (
    "Pakistan eyes ${n} billion IT exports in next three years",
    "IT exports up {p}% in {month}",
    "PSEB registers {k} new IT companies",
    "Cabinet approves {k} new software technology parks",
    "Freelancers earn ${n}00 million in {month}",
    "Telecom operators seek relief in spectrum pricing",
    "Startup funding drops in first half of the year",
    "Senate panel grills ministry over internet outages",
    "{k} e-Rozgaar centres to open this year",
    "Karachi IT Park to be completed by {year}",
)

AGO = ("2 days ago", "3 hours ago", "1 day ago", "5 hours ago", "a week ago", "12 minutes ago", "4 days ago")

PARK_NAMES = (
    ("Karachi IT Park", "IT Park", "Karachi", "Sindh"),
    ("Islamabad IT Park", "IT Park", "Islamabad", "Islamabad Capital Territory"),
    ("Arfa Software Technology Park", "STP", "Lahore", "Punjab"),
    ("National Aerospace Science and Technology Park", "Special Technology Zone", "Rawalpindi", "Punjab"),
    ("Peshawar Software Technology Park", "STP", "Peshawar", "Khyber Pakhtunkhwa"),
    ("Quetta Software Technology Park", "STP", "Quetta", "Balochistan"),
    ("Gilgit Software Technology Park", "STP", "Gilgit", "Gilgit-Baltistan"),
    ("Faisalabad Software Technology Park", "STP", "Faisalabad", "Punjab"),
    ("Multan Software Technology Park", "STP", "Multan", "Punjab"),
    ("Hyderabad Software Technology Park", "STP", "Hyderabad", "Sindh"),
    ("Swat Software Technology Park", "STP", "Swat", "Khyber Pakhtunkhwa"),
    ("Sialkot Software Technology Park", "STP", "Sialkot", "Punjab"),
    ("PSEB STP network", "STP network", "various", "Pakistan"),
)

PROGRAMS = (
    ("DigiSkills.pk (Ignite/MoITT)", "trainings imparted", "trainings"),
    ("DigiSkills.pk (Ignite/MoITT)", "freelancers earning online", "persons"),
    ("e-Rozgaar (PITB)", "freelancers trained", "persons"),
    ("e-Rozgaar (PSEB centres)", "centres operational", "centres"),
    ("National Incubation Centres (Ignite)", "startups incubated", "startups"),
    ("National Incubation Centres (Ignite)", "investment raised by startups", "PKR billion"),
    ("DEEP (World Bank/MoITT)", "financing committed", "USD million"),
    ("DEEP (World Bank/MoITT)", "funds disbursed", "percent"),
    ("PSEB", "IT companies registered", "companies"),
    ("Prime Minister's Youth Laptop Scheme", "laptops distributed", "laptops"),
    ("Ignite Digiskills Training Program", "women trained", "persons"),
)

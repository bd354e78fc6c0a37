"""Word lists for understanding callers, per language: reviewed by hand, kept as plain data.

- ``FILLERS``: words and carrier phrases around a request ("uh", "I'd like to", "can I", "please"):
  they barely count when a caller's words are weighed.
- ``GENERIC``: words that say little on their own ("help", "question", "problem", "yesterday", "twice"):
  they count a little.
- ``CONCEPTS``: ways of saying one thing ("how much do I have left" is a balance; "I can't get online"
  is the internet). Every phrase of a group becomes the group's name, in the caller's words and in a
  flow's phrases alike, so a designer's "balance" meets a caller's "how much money is left". A group
  named ``human`` is an explicit request for a person (it wins over every option); ``person`` is a
  word for somebody that counts only as evidence ("someone stole my card" is a lost card).
  ``not-human`` holds phrases that contain a word for a person but ask for something else
  ("person to person transfer").

Phrases are written as callers say them; they go through the same normalisation and stemming as
everything else (:mod:`ivr.flow.terms`), so "charged", "charges" and "charge" need no separate entry.
A phrase's words may have fillers between them in what a caller says ("my service *is* down").
"""

from __future__ import annotations

FILLERS: dict[str, tuple[str, ...]] = {
    "en": (
        "for hours", "for days", "for weeks", "for a week", "all day", "all night", "since yesterday", "this morning", "last night", "this week", "in the middle of", "sorry", "excuse me",
        "weve", "wed", "youve", "youd", "youll", "theyve", "theyd", "theyll", "hes", "shes", "itll", "thatll", "whos", "wheres", "hows", "lemme", "gimme", "kinda", "sorta", "ya", "yall", "aint", "cuz", "cause", "guess", "umm", "uhh", "ahh", "hm", "yo", "switch to", "change to", "carry on in", "continue in", "go ahead in", "stay in", "do it in", "do this in", "talk to me in", "speak to me in", "go with", "ill go with", "ill take",
        "uh", "um", "uhm", "er", "erm", "ah", "eh", "hmm", "mm", "oh", "well", "so", "like", "just", "actually", "basically",
        "hi", "hello", "hey", "please", "thanks", "thank", "kindly", "yeah", "ok", "okay", "alright", "right",
        "i", "im", "ive", "id", "ill", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "youre", "it", "its",
        "this", "that", "thats", "these", "those", "there", "theres", "here", "a", "an", "the", "some", "any",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "dont", "doesnt", "didnt",
        "have", "has", "had", "having", "will", "would", "wouldnt", "could", "can", "should", "shall", "may", "might",
        "want", "wanna", "wanted", "wish", "need", "needs", "needed", "gonna", "gotta", "trying", "try", "let", "lets",
        "to", "of", "in", "on", "at", "for", "with", "about", "from", "by", "into", "onto", "as", "and", "or", "but", "if",
        "they", "them", "their", "theyre", "he", "she", "his", "her",
        "whats", "which", "who", "how", "why", "what", "when", "whens", "where", "then", "than", "too", "also", "very",
        "really", "still", "now", "today", "again", "calling", "call about", "get", "got", "getting", "know", "tell",
        "find out", "see", "look", "looking", "check on", "speak about", "talk about", "regarding", "go", "going",
        "thing", "something about", "all", "much", "many", "more",
        "por favor", "لطفا",  # callers who choose a language mix its courtesy in
    ),
    "es": (
        "eh", "em", "este", "pues", "bueno", "hola", "buenos dias", "buenas tardes", "por favor", "gracias", "oiga", "mire",
        "quiero", "quisiera", "queria", "necesito", "me gustaria", "puedo", "podria", "puede", "quiero saber", "saber",
        "yo", "me", "mi", "mis", "usted", "ustedes", "nos", "se", "le", "lo", "la", "las", "los", "el", "un", "una", "unos",
        "unas", "de", "del", "al", "a", "en", "con", "para", "por", "sobre", "que", "como", "cual", "es", "esta", "estan",
        "son", "hay", "tengo", "tiene", "hacer", "y", "o", "pero", "si", "muy", "ya", "aun", "todavia", "ahora", "hoy",
        "ese", "esa", "eso", "esto", "aqui", "ahi", "decir", "llamo", "llamando", "han", "ha", "he", "hemos", "has",
    ),
    "fa": (
        "لطفا", "لطفاً", "ممنون", "مرسی", "سلام", "ببخشید", "خب", "اوه", "ام",
        "می خواهم", "میخواهم", "می خوام", "میخوام", "خواستم", "می خواستم", "میخواستم", "باید", "بتوانم",
        "من", "ما", "شما", "را", "رو", "با", "به", "از", "در", "که", "این", "آن", "اون", "یه", "هم", "و", "یا",
        "است", "هست", "ها", "های", "می", "نمی",
        "کنند", "می کنند", "میکنند", "کند", "می کند", "بود", "کنم", "کنید", "کنی", "بکنم", "بدهم", "بدم", "دارم", "داره", "دارد", "شده", "می شه", "میشه",
        "چطور", "چطوری", "چه", "چی", "کجا", "کی", "آیا", "برای", "تا", "هر", "خیلی", "الان", "امروز",
    ),
    "ko": (
        "좀", "요", "저", "제", "저기", "저기요", "그", "그게", "이거", "그거", "네", "음", "어", "아", "혹시", "그냥", "지금", "오늘",
        "주세요", "해주세요", "해", "해요", "하고", "싶어요", "싶은데요", "싶습니다", "있나요", "있어요", "되나요", "돼요", "할게요",
        "수", "것", "거", "어떻게", "왜", "뭐", "부탁", "부탁드려요", "드려요", "하려고요", "하려구요", "려고요", "문의",
    ),
}

GENERIC: dict[str, tuple[str, ...]] = {
    "en": (
        "money", "counter", "early", "leave", "leaving", "fill", "bigger", "smaller", "mail", "mailed", "amount", "end", "delay", "delayed", "rent", "holiday", "holidays", "christmas", "thanksgiving", "easter", "statement",
        "debit",
        "report", "reporting", "reported", "file", "filing", "submit", "werent", "shouldnt", "couldnt", "hadnt", "mustnt", "neednt", "known", "dealt", "copy", "zip", "code", "postcode", "flashing", "flash", "atm", "bridge", "library", "bike", "bikes", "lane", "cars", "vehicle", "corner", "middle", "size", "giant", "forming", "hitting", "hit", "ruined", "ruin", "run", "running", "late", "bag", "bags", "full", "agreed", "agree", "toward", "towards", "itself", "himself", "herself", "none", "free", "busy", "fit", "fits", "listed", "must", "orange", "green", "amber", "case", "experience", "dispute", "resolved", "resolve", "fail", "fails", "failed", "join", "joined",
        "only", "instead", "forever", "whenever", "wherever", "somehow", "new", "old", "request", "requests", "thing", "kind", "sort of", "type", "sitting", "sit", "sent", "send", "sending", "mother", "mom", "mum", "father", "dad", "wife", "husband", "son", "daughter", "kids", "kid", "children", "family", "friend", "parents", "grandmother", "grandfather", "partner", "roommate", "landlord", "boss", "bus", "train", "subway", "taxi", "cab", "uber", "bar", "restaurant", "gym", "mall", "airport", "hotel", "downtown", "building", "apartment", "behind", "beside", "next to", "across", "upstairs", "downstairs", "block", "curbside", "overnight", "earlier", "lately", "hours ago", "freaking", "freak", "panic", "panicking", "scared", "help me", "helping", "helpful", "quick question", "real quick", "okay", "ok", "alright", "cool", "awesome", "sounds good", "yes please", "slowly", "louder", "listen", "listening", "heard", "read", "tell", "told", "looks", "looking", "looked", "look", "getting", "gotten", "stay", "staying", "keeping", "goes", "gone through", "go through", "went through", "gets", "makes", "putting", "also", "too", "either", "even", "just", "whats going on", "going on", "long", "longer", "family", "their", "homework", "job", "weekends", "holiday weekend", "year", "years", "months",
        "help", "question", "questions", "problem", "problems", "issue", "issues", "info", "information", "inquiry",
        "enquiry", "assistance", "support", "stuff", "matter", "check", "make", "work", "works",
        # how callers describe a trouble, around the word that names it
        "cant", "cannot", "not", "dont", "doesnt", "isnt", "wont", "arent", "wasnt", "havent", "hasnt", "didnt", "never",
        "working", "broken", "stopped", "trouble", "wrong", "bad", "really", "so", "high", "low", "big", "small", "little",
        "twice", "keeps", "keep", "kept", "seems", "seem", "think", "whole", "entire", "extra", "weird", "strange",
        "happened", "happening", "going", "went", "come", "comes", "came", "load", "loading", "anymore", "already", "yet",
        "since", "ago", "last", "next", "month", "week", "weeks", "days", "yesterday", "tomorrow", "morning", "night",
        "tonight", "area", "house", "home", "place", "near", "around", "front", "outside", "red", "blinking", "light",
        "lights", "phone", "service", "hear", "give", "put", "find", "let", "something", "anything", "everything", "nothing",
        "things", "service", "current", "currently", "available", "recent", "recently", "right", "now", "mean", "say",
        "said", "said", "like", "sure", "soon", "up", "down", "out", "off", "over", "back", "through", "same", "time",
        "first", "second", "lot", "lots", "bit", "way", "always", "every", "ever", "all", "again", "later", "schedule",
        "timetable", "city", "customer", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "weekend", "weekday",
        # how callers carry a request, whichever department it is for: verbs of wanting, choosing, asking and
        # dealing with, judgments and sizes; none names a thing a menu could offer or a thing it doesn't
        "prefer", "rather", "choose", "chose", "pick", "select", "continue", "fine", "great", "good", "better", "best",
        "perfect", "nice", "option", "options", "choice", "language", "formal", "formally", "officially", "register",
        "raise", "explain", "understand", "usual", "usually", "normal", "normally", "higher", "lower", "mistake",
        "error", "deal", "handle", "handled", "fix", "fixing", "fixed", "repair", "sort", "sorted", "use", "using", "used",
        "receive", "received", "show", "showing", "shows", "saying", "says", "tried", "trying", "start", "started",
        "huge", "large", "deep", "dangerous", "massive", "tiny", "quick", "quickly", "fast", "asap", "immediately",
        "urgent", "urgently", "possible", "able", "whether", "maybe", "probably", "definitely", "completely",
        "totally", "pretty", "quite", "super", "anywhere", "somewhere", "everywhere", "nowhere",
        "everyone", "everybody", "nobody", "neighbor", "neighbors", "neighbour", "neighbours", "neighborhood",
        "neighbourhood", "town", "minutes", "day", "couple", "few", "several",
        "number", "exactly", "without", "because",
        "while", "until", "till", "after", "before", "during", "guys", "folks", "sir", "madam", "mam",
        "bank", "store", "shop", "company", "provider", "yours", "mine", "own",
        "wanted", "wondering", "wonder", "curious", "hoping", "hope", "attempt", "figure", "ask", "asking",
        "asked", "inquire", "inquiring", "enquire", "regards", "concerning", "concern", "related", "assist", "apparently",
        "guess", "suppose", "believe", "feel", "worried", "finally", "absolutely", "literally", "seriously", "honestly",
        "doing", "does", "made", "making", "gave", "given", "take", "taken", "took", "taking", "bring", "set",
        "spend", "spent", "hablo", "prefiero", "live", "lives", "living", "cell", "cellphone", "mobile", "laptop", "car", "school",
        "park", "main",
    ),
    "es": ("ayuda", "pregunta", "problema", "informacion", "consulta", "duda", "no", "nunca", "todavia", "aun", "ya",
           "mucho", "muy", "grande", "enorme", "pequeno", "mal", "roto", "casa", "cerca", "frente", "dia", "dias", "semana",
           "ayer", "manana", "hoy", "ciudad", "saber", "cuando", "donde", "pasa", "pasar", "sigue", "horario", "horarios"),
    "fa": ("کمک", "سوال", "مشکل", "اطلاعات", "نه", "هنوز", "بزرگ", "خیلی", "وسط", "نزدیک", "خانه", "روز", "روزی", "دیروز",
           "فردا", "برنامه", "کی", "ما", "رسیده"),
    "ko": ("도움", "질문", "문제", "확인", "아직", "안", "언제", "어디", "어디쯤", "상태", "받을", "있어요", "되나요", "왔어요"),
}

CONTEXT_CONCEPTS = frozenset({"yes", "no", "road"})
"""Groups that set the scene more than they name a request ("no" internet, a pothole on the "street"): they count
as generic words."""

STEERING = frozenset({"other", "menu", "repeat", "yes", "no", "done", "goodbye", "ready", "hold", "callback", "account", "slow"})
"""Groups that steer the call or set its scene rather than name a service ("something else", "again", "I'll wait", "my
account"): at a menu that offers nothing for them they count as generic words. A service no option offers ("a refund",
"buy a phone") keeps its weight, so a request for it is asked again rather than sent somewhere."""

FRAMES = frozenset({"complaint", "repeat"})
"""Groups that are about something: where the menu offers them, the other groups of the sentence are what they are
about and count as generic words ("I was treated badly at your *branch*", "repeat the *pickup* days")."""

RELATED: dict[str, tuple[str, ...]] = {
    "done": ("goodbye", "ready"),
    "goodbye": ("done",),
    "other": ("menu",),
    "menu": ("other",),
    "ready": ("done",),
}
"""A group that stands for another where a menu offers nothing for itself: "I'm done" is a goodbye at a menu
with no "done", "something else" is the main menu at a menu with no "something else"."""

CONCEPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        # asking for a person, in any wording: these win over every option
        "human": ("connected to someone", "connected to somebody", "connected to a person", "connected to an agent", "connected with someone", "connected with somebody", "connect me to someone", "connect me with someone", "someone on the phone", "somebody on the phone", "someone on the line", "a person on the line", "person on the line", "person on the phone", "a person on the phone", "living human", "living person", "a living person", "a real one", "this robot", "the robot", "a robot", "robot", "automated", "automated system", "the automated thing", "not a recording", "a recording", "the machine", "a machine", "than a machine", "someone who can help", "somebody who can help", "someone who works", "somebody who works", "someone that can help", "anybody i can talk to", "anyone i can talk to", "anybody to talk to", "someone to talk to", "somebody to talk to", "chat with someone", "a real agent", "actual human", "an actual person", "support team", "helpdesk", "help desk", "translator", "interpreter", "be transferred to", "get transferred to", 
            "agent", "agents", "representative", "rep", "operator", "human", "human being", "a person", "real person",
            "live person", "live agent", "real human", "actual person", "someone real", "customer service",
            "customer care", "customer support",
            "talk to someone", "talk to somebody", "talk to a person", "talk to anyone", "talk to anybody",
            "speak to someone", "speak to somebody", "speak with someone", "speak with somebody", "speak to anyone",
            "talk with someone", "talk with somebody", "speak to a person", "speak with a person", "talk to people",
            "transfer me", "put me through", "connect me", "get me someone", "get me somebody", "someone please",
            "somebody please", "a live one", "talk to a robot", "talk to a machine", "out of this menu", "get me out of here", "speak to a human",
            "talk to a human", "not a machine", "not a robot",
        ),
        # words for somebody, which alone are only evidence for the human escape
        "person": ("employees", "worker", "workers", "crew", "lady", "woman", "man", "clerk", "receptionist", "official", "rep", "technicians", "techs", "engineer", "installer", "city employee", "someone", "somebody", "person", "anyone", "anybody", "people", "staff", "advisor", "adviser",
                   "technician", "tech", "specialist", "manager", "supervisor", "banker", "teller", "employee", "associate"),
        "not-human": ("person to person", "peer to peer", "someone used", "somebody used", "someone else", "somebody else",
                      "transfer money", "money transfer", "wire transfer", "transfer funds", "balance transfer"),
        "new-account": ("open an account", "open a new account", "open account", "new account", "opening an account",
                        "open a savings account", "open a checking account", "close my account", "close an account"),
        "digital": ("online banking", "mobile banking", "banking app", "mobile app", "the app", "password", "log in",
                    "login", "username", "sign in"),
        "balance": ("overdrawn", "overdraft", "in the negative", "negative balance", "in the red", "salary", "wages", "pay check", "paycheck come in", "deposit come in", "money come in", "money came in", "money is there", "money there", "see if its there", "how much can spend", "can spend", "enough in there", "enough in account", "enough", "what have got", "what ive got", "ive got available", "got available", "have available", "money on account", "money on my account", "in the bank", "have in the bank", "whats in my checking", "in my checking", "in checking", "in my savings", "in savings", "on my account", "on my debit account", "am i at", "transfer show up", "show up", "hit yet", "has it cleared", "cleared", "pending", "enough money", "how much cash", "cash", "amount in account", "whats in account", "what is in account", "account at", "left in account",
            "whats left", "what is left", "left to spend", "remaining", "remaining balance", "deposit", "deposits", "paycheck", "how much is in", "balance",
            "balances", "how much money", "how much have", "how much do have", "how much is left",
                    "how much left", "have left", "money left", "money in account", "in my account", "funds",
                    "available funds", "much is in account", "what do have in account", "how much in account",
                    "how much have got", "money have", "how much do have left", "how much have left", "how much left in account"),
        "account": ("account", "accounts", "checking account", "savings", "savings account"),
        "card": ("card", "cards", "credit card", "debit card", "atm card", "bank card", "visa", "mastercard", "wallet", "purse"),
        "lost": ("snatched", "swiped", "skimmed", "cloned", "copied my card", "fraud", "fraudulent", "didnt make", "wasnt me", "not me", "never made", "dropped my", "fell out", "left my wallet", "left my purse", "left it", "cant find my", "no idea where", "gone missing", "went missing", "shut off", "turn off", "switch off", "put a hold on", "hold on my card", "wont give it back", "kept it", "pick pocket", "taken", "was taken", "got taken", "ate my card", "ate card", "swallowed", "kept my card", "pickpocketed", "pickpocket", "robbed", "mugged",
            "using my card", "left my card", "dropped my card", "replacement card", "replace my card", "replace card", "lost", "lose", "losing", "stolen",
            "stole", "steal", "missing", "misplaced", "misplace", "can't find",
                 "can not find", "cannot find", "someone stole", "somebody stole", "someone took", "somebody took", "gone"),
        "block": ("block", "blocked", "cancel", "freeze", "frozen", "stop", "deactivate", "lock", "disable"),
        "complaint": ("annoyed", "annoying", "furious", "livid", "worst", "a joke", "joke", "sick of", "sick and tired", "yelled", "yelling", "shouted", "screamed", "shocking", "appalling", "disgusted", "disgusting", "outrageous", "escalate", "mad", "pissed", "nobody has fixed", "never fixed", "ever calls me back", "never calls me back", "nobody calls me back", "never called me back", "never got back to me", "never get back to me", "ignored", "spoken to", "the way treated", "the way was treated", "customer service is", "customer service was", "negative feedback", "report an employee", "about an employee", "treated me", "handled", "how was handled", "not resolved", "never resolved", "waiting weeks", "been waiting weeks", "horrendous", "not acceptable", "insulted", "discriminated", "condescending", "incompetent", "useless", "terrible", "awful", "horrible", "disappointing", "fed up", "unhelpful", "poor", "bad experience", "bad customer service",
            "poor customer service", "terrible customer service", "awful customer service", "unacceptable", "ridiculous", "frustrated", "frustrating",
            "mistreated", "unprofessional", "disrespectful", "complaint", "complaints", "complain", "complaining", "complained", "unhappy", "not happy",
                      "dissatisfied", "upset", "angry", "disappointed", "displeased", "grievance", "lodge", "file a complaint",
                      "bad service", "poor service", "terrible service", "awful service", "rude", "treated badly",
                      "not satisfied", "feedback", "how was treated", "how i was treated", "treated"),
        "hours": ("doors", "doors open", "come in tomorrow", "come in today", "drop by", "stop by", "swing by", "visit", "visit a branch", "in person", "go in", "get there before", "before it closes", "open on", "open today", "open tomorrow", "tonight", "how late", "how early", "open late", "open till", "open until", "shut", "shuts", "hours", "hour", "opening hours", "opening times",
            "opening time", "open", "opens", "close",
                  "closes", "closing", "closed", "closing time", "what time",
                  "when are you open", "business hours"),
        "branch": ("closest", "nearest", "nearby", "closest branch", "nearest branch", "nearest location", "where are you located", "located", "where is the bank", "branch", "branches", "location", "locations", "office", "offices"),
        "bill": ("still charged", "still being charged", "still getting charged", "still billed", "charged after", "billed for something", "charged for something", "something i cancelled", "after i cancelled", "update my payment", "update payment", "change my payment", "change payment", "update my card on file", "how much is my bill", "how come my bill", "bill is so high", "went up", "gone up", "increase", "increased", "higher than usual", "dont recognize", "don't recognise", "extra fee", "hidden fee", "overage", "payment extension", "extension", "behind on", "payment method", "card on file", "what i owe", "what do i owe", "refund for a charge", "mistake on my bill", "wrong amount", "amount on my bill", "bill amount", "next bill", "plan cost", "paying for", "charging me", "expensive", "autopay", "auto pay", "automatic payment", "direct debit", "late fee", "balance due", "amount owed", "overdue", "past due",
            "dispute a charge", "copy of my bill", "pay my balance", "pay balance", "outstanding balance", "owing", "bill", "bills", "billing", "billed",
            "invoice", "invoices", "statement", "charge", "charges", "charged",
                 "overcharged", "overcharge", "double charged", "fee", "fees", "owe", "how much do owe", "amount due",
                 "due", "cost", "costs", "price", "utility bill"),
        "pay": ("pay it", "pay the city", "pay over the phone", "pay by phone", "send my payment", "send payment", "settle my bill", "autopay", "pay in person", "where can i pay", "how do i pay", "how can i pay", "pay with card", "pay by card", "pay with a card", "pay with credit card", "pay with a credit card", "pay by credit card",
            "pay with debit card", "pay online", "pay", "paying", "payment", "payments", "paid", "make a payment", "pay off", "settle"),
        "internet": ("wifi password", "wifi signal", "wifi name", "network name", "keeps restarting", "restarting by itself", "join the wifi", "online games", "gaming", "zoom", "video calls", "youtube", "stream", "load", "loading", "homework online", "no internet", "internet is down", "internets", "wireless network", "wifi network", "home network", "laptop", "computer", "devices", "device", "smart tv", "netflix", "setting up router",
            "set up router", "internet", "wifi", "wi fi", "wireless", "broadband", "online", "get online", "go online", "connection",
                     "connectivity", "connect", "connected", "connecting", "disconnect", "disconnecting", "disconnected",
                     "router", "modem", "web", "website", "websites", "web pages", "pages", "browse", "browsing",
                     "streaming", "download", "downloads", "ethernet", "fiber", "hotspot", "dsl", "data"),
        "slow": ("forever to load", "takes forever", "take forever", "crawl", "keeps disconnecting", "drops out", "dropping out", "patchy", "choppy", "keeps going out", "goes in and out", "in and out", "on and off", "freezes", "freezing", "frozen screen", "crawling", "weak", "speed", "speeds", "lag", "lags", "cutting out", "cuts out", "keeps cutting out", "intermittent", "unstable", "spotty",
            "slow", "slowly", "sluggish", "keeps dropping", "dropping", "drops", "lagging", "laggy", "buffering"),
        "outage": ("texts", "text messages", "texting", "sms", "send texts", "receive texts", "nobody can reach me", "cant reach me", "can not reach me", "reach me on my phone", "cant reach anyone", "cant reach anybody", "interruption", "interrupted", "service interruption", "searching for network", "searching for service", "searching for signal", "calls wont connect", "call wont connect", "phone wont connect", "calls keep dropping", "calls getting dropped", "getting dropped", "call drops", "calls drop", "call fails", "calls i make", "call i make", "every call", "make a call", "making calls", "make any calls", "service stopped", "service stopped working", "service not working", "service isnt working", "any service", "dont have service", "have no service", "no phone service", "without service", "zero bars", "1 bar", "losing signal", "lose signal", "mobile", "cellular", "cell phone", "my cell", "emergency calls", "sos", "make calls", "my calls", "phone calls", "any calls", "calls keep failing", "calls wont go through", "receive calls", "call anyone",
            "cant call", "calls failing", "calls fail", "emergency calls only", "emergency only", "sos only", "lost service", "lost signal", "lost my signal",
            "no network", "service cutting out", "service keeps cutting out", "cell tower", "tower", "towers", "service is out", "service out in area",
            "outage", "outages", "no service", "service down", "service out", "network down", "network is down",
                   "service is down", "service went out", "signal", "no signal", "reception", "no reception", "full bars",
                   "no bars", "coverage", "no coverage", "can't make calls", "can't make any calls", "can not make calls",
                   "cannot make calls", "calls don't go through", "dropped calls", "cell service", "mobile service",
                   "phone service", "network", "dead zone", "phone not working", "phone's not working", "blackout", "down in area"),
        "moving": ("mailing address", "my address", "address", "where my service is", "service at my new", "move my service", "changing addresses", "change addresses", "moving soon", "moved house", "update address", "update my address", "moving out", "move out", "transfer service", "transfer my service", "take my service",
            "new apartment", "new city", "another city", "different state", "another state", "just moved", "moving", "move", "moved", "relocate", "relocating",
            "relocation", "new address", "change address",
                   "change of address", "change my address", "address change", "new house", "new home", "new apartment",
                   "moving house", "moving home", "different address", "new place"),
        "other": ("wasnt listed", "isnt listed", "werent listed", "wasnt on the list", "isnt on the list", "isnt on the menu", "wasnt on the menu", "not an option", "isnt an option", "wasnt an option", "not on there", "not there", "1 more", "1 other", "1 more thing", "1 other thing", "not finished", "not done", "not done yet", "not finished yet", "still need", "also need", "do more", "more to do", "more question", "there is more", "theres more", "something too", "other options", "the other options", "the choices", "choices", "hear the choices", "options again", "another request", "more thing", "none of the above", "not on the list", "not on the menu", "not any of those", "not one of those", "something different", "different issue",
            "another issue", "other issue", "something else entirely", "other", "something else", "anything else", "else", "different", "different question",
            "another question",
                  "another thing", "none of those", "none of these", "none of them", "not listed", "other question",
                  "different thing", "another"),
        "ready": ("router is restarted", "restarted the router", "router restarted", "rebooted the router", "router rebooted", "reset the router", "router is back on", "modem is back on", "modem restarted", "restarted the modem", "all good now", "good now", "router on", "router is on", "routers on", "router is back", "router back on", "lights are green", "green", "solid", "lights are solid", "lights solid", "settled", "lights settled", "powered back up", "powered back on", "powered on", "power back on", "booted", "booted up", "restarted it", "unplugged", "unplugged it", "plugged in", "plugged back", "turned it off and on", "turned it off and back on", "off and on", "on and off again", "carry on", "lets continue", "ready when you are", "came back on", "came back", "lights came back", "stopped flashing", "flashing stopped", "its done", "done restarting", "finished restarting", "that is done", "thats done", "restarted", "rebooted", "restart done", "did it", "did that", "i did", "done that", "plugged back in", "plugged it back in",
            "working again", "up and running", "stopped blinking", "lights stopped", "its on", "on again", "back online", "ready", "it's back", "back on",
            "back up", "steady", "lights are on", "lights are steady",
                  "go ahead", "good to go", "working now"),
        "done": ("all done now", "done now", "finished here", "all set now", "done here", "im done now", "done", "finished", "i'm done", "all done", "i'm all done", "finished now", "i'm finished", "all finished",
                 "all set", "i'm all set", "good to go"),
        "callback": ("ring", "a ring", "ring me when", "have them ring", "call me instead", "them call me", "someone call me", "somebody call me", "have someone call", "have somebody call", "have a technician call", "technician call me", "tech call me", "tech to call", "get a call", "a call", "dont want to wait", "don't wanna wait", "dont want to hold", "cant hold", "cannot hold", "can't wait", "cant wait", "no time to hold", "dont have time to hold", "dont have time to wait", "instead of waiting", "instead of holding", "rather not wait", "rather not hold", "not wait", "not hold", "contact me later", "reach me later", "get back to me", "contact me", "reach me", "phone me back", "ring back", "text me", "callback", "call back", "call me back", "call me",
            "ring me back", "ring me", "phone me", "call me later",
                     "give me a call", "give me a call back", "a call back", "call when", "call me when"),
        "hold": ("queue", "in the queue", "in line", "stay in line", "stick around", "hang in there", "wait it out", "keep my place", "my place in line", "stay put", "stick with it", "stay on the phone", "dont want a callback", "dont need a callback", "no callback", "not a callback", "without a callback", "dont call me back", "no call back", "not going anywhere", "happy to wait", "fine holding", "fine waiting", "patient", "be patient", "can wait", "ill wait", "on the line", "keep me on the line", "hold on", "keep waiting", "mind holding", "stay on", "hold", "holding", "wait", "waiting",
            "keep holding", "stay on the line", "stay on hold", "on hold",
                 "hang on", "i'll wait", "i'll hold", "don't mind waiting", "keep me on hold", "stay"),
        "menu": ("return me to", "return to", "back to main", "hear the menu", "menu again", "hear the options", "the options again", "start from the top", "from the top", "the top", "go back a step", "return to the menu", "return me to the menu", "return to main menu", "start again", "the start", "go to the start", "main options", "menu", "main menu", "start over", "go back", "take me back",
            "back to the menu", "back to the start", "back to menu", "the options",
                 "back to the main menu", "beginning"),
        "goodbye": ("that'll be all", "that will be all", "thatll be all", "have a good one", "cheers", "sorted", "all sorted", "been helpful", "that helps", "perfect thanks", "great thanks", "alright thanks", "ok thanks", "okay thanks", "cool thanks", "thanks a lot", "thank you so much", "got it", "got it thanks", "understood", "no further", "no further questions", "dont need anything else", "don't need anything", "do not need anything else", "need nothing else", "nothing for now", "nothing else for now", "no thats it", "im good", "i am good", "all good thanks", "take care", "good night", "good bye now", "bye now", "that's it", "that was it", "that is it", "that covers it", "see you", "see ya", "have a good day", "have a nice day", "nothing more",
            "nothing further", "all good", "no more questions", "goodbye", "bye", "good bye", "bye bye", "that's all", "that is all", "that's everything",
                    "nothing else", "no more", "hang up", "i'm good", "we're done"),
        "yes": ("yes", "yeah", "yep", "yup", "sure", "of course", "correct", "affirmative", "please do"),
        "no": ("no", "nope", "nah", "no thanks", "no thank you", "negative"),
        "repeat": ("huh", "excuse me", "excuse me what", "didnt get that", "didnt get", "didnt hear you", "didnt hear", "wait what", "run that by me", "read that again", "read it again", "read that", "wasnt listening", "1 more time", "once again", "slower", "say it slower", "go over", "go over that", "the days again", "missed the days", "missed it", "missed", "pardon", "sorry what", "what was that", "what did you say", "missed that", "didn't hear", "didn't catch", "say again", "play that again",
            "play it again", "go over that again", "tell me again", "repeat that", "again", "repeat", "say that again", "one more time", "once more",
            "repeat that", "say it again",
                   "come again", "didn't catch that", "hear it again", "hear that again"),
        "trash": ("skipped", "skipped my house", "missed my trash", "missed my garbage", "missed my bin", "curb", "truck", "come for the garbage", "come for the trash", "furniture", "old furniture", "mattress", "couch", "sofa", "appliance", "appliances", "fridge", "bulky", "bulky items", "get rid of", "dispose", "disposal", "throw away", "throw out", "overflowing", "glass", "plastic", "plastics", "cardboard", "bottles", "not emptied", "pickup day", "collection day", "bin day", "yard", "brush", "garbage can", "garbage cans", "trash can", "trash cans", "emptied", "bulk", "yard waste", "trash", "garbage", "rubbish", "refuse",
            "recycling", "recycle", "recyclables", "bin", "bins", "dumpster",
                  "trash day", "garbage day", "collection", "collect", "collected", "pickup", "pick up", "picked up",
                  "garbage truck", "trash truck", "waste", "compost"),
        "pothole": ("a flat", "got a flat", "dip", "dips", "repave", "repaving", "repaved", "resurface", "resurfacing", "crumbling", "crumble", "in terrible shape", "bad shape", "terrible shape", "fix the road", "fix the street", "repair the road", "repair the street", "road needs", "street needs", "wrecked my tire", "wrecked", "bent rim", "rim", "damaged my car", "broken up", "road is broken", "street is broken", "road surface", "hit a hole", "full of holes", "ditch", "rut", "ruts", "bumps", "crater", "craters", "road repair", "needs repair", "street repair", "road broken", "street broken", "road damaged", "street damaged",
            "road condition", "terrible condition", "falling apart", "uneven", "bumpy", "tire", "tires", "flat tire", "pothole", "potholes", "hole", "holes",
            "hole in the road", "crack", "cracks", "cracked", "road damage",
                    "damaged road", "damaged", "broken road", "pavement", "asphalt", "bump", "sinkhole"),
        "road": ("highway", "intersection", "corner", "road", "roads", "street", "streets", "avenue", "lane"),
        "water": ("water", "water bill", "sewer", "utility", "utilities"),
        "english": ("english", "ingles", "in english", "speak english"),
        "spanish": ("spanish", "espanol", "castellano", "en espanol", "speak spanish"),
        "persian": ("persian", "farsi", "فارسی", "parsi", "speak persian", "speak farsi"),
        "delivery": ("delivery", "deliver", "delivered", "shipping", "shipment", "package", "parcel", "order status",
                     "where is my order", "tracking", "track"),
        "refund": ("refund", "refunds", "money back", "return", "returns", "reimburse"),
        "change": ("change", "changes", "modify", "update", "edit", "amend", "switch"),
        # what a bank offers that a menu may not: asked for, it is asked again rather than taken for a balance or a card
        "products": ("safe deposit box", "safe deposit", "deposit box", "retirement fund", "retirement", "invest", "investment", "investing",
                     "stocks", "shares", "mortgage", "mortgages", "loan", "loans", "notary", "notarize", "notarized", "cashiers check",
                     "money order", "wire", "exchange rate", "foreign currency", "currency", "credit line", "line of credit", "interest rate",
                     "certificate of deposit", "apply for a credit card", "apply for a card", "new credit card", "credit limit"),
        "sales": ("sales", "sale", "buy", "buying", "purchase", "new plan", "upgrade", "new phone", "pricing", "quote"),
    },
    "es": {
        "human": (
            "agente", "agentes", "operador", "operadora", "representante", "asesor", "asesora", "humano", "una persona",
            "persona real", "alguien real", "atencion al cliente", "servicio al cliente", "hablar con alguien",
            "hablar con una persona", "hablar con un humano", "hablar con un agente", "paseme", "paseme con",
            "pasame con", "comuniqueme", "comunicame", "conecteme", "transfierame", "con una persona",
            "con alguien", "un ser humano", "persona de verdad",
        ),
        "person": ("persona", "alguien", "empleado", "empleada", "funcionario", "gente", "tecnico"),
        "not-human": ("persona a persona", "alguien robo", "alguien mas"),
        "trash": ("basura", "basuras", "reciclaje", "reciclar", "recogida", "recoger", "recogen", "recogieron",
                  "recolectan", "recoleccion", "camion de la basura", "camion", "contenedor", "contenedores", "desechos",
                  "residuos", "cubo", "bote de basura", "dia de la basura"),
        "pothole": ("bache", "baches", "hoyo", "hoyos", "hueco", "huecos", "agujero", "agujeros", "grieta", "calle rota",
                    "rota", "roto", "danada", "pavimento", "asfalto", "socavon"),
        "road": ("calle", "calles", "carretera", "avenida", "camino"),
        "bill": ("factura", "facturas", "recibo", "recibos", "cobro", "cuenta", "cargo", "cargos"),
        "pay": ("pagar", "pago", "pagos", "abonar", "hacer un pago", "pague"),
        "water": ("agua", "recibo del agua", "factura del agua"),
        "repeat": ("repetir", "repita", "otra vez", "de nuevo", "nuevamente"),
        "menu": ("menu", "menu principal", "volver", "inicio", "principio"),
        "goodbye": ("adios", "eso es todo", "nada mas", "chao", "hasta luego", "ya esta", "es todo"),
        "yes": ("si", "claro", "correcto", "vale", "de acuerdo"),
        "no": ("no", "no gracias"),
        "english": ("ingles", "english", "en ingles"),
        "spanish": ("espanol", "castellano", "spanish", "en espanol"),
        "persian": ("persa", "farsi", "فارسی"),
        "hours": ("hora", "abren", "cierran", "abierto", "cerrado", "horario de atencion"),
    },
    "fa": {
        "human": (
            "اپراتور", "کارشناس", "نماینده", "اپراتور انسانی", "پشتیبانی", "مسئول", "انسان", "یک انسان", "1 انسان",
            "وصل کنید", "وصلم کنید", "وصل کن", "وصلم کن", "صحبت با کارشناس", "با 1 نفر صحبت", "با 1 نفر حرف",
            "با 1 آدم", "با کارشناس", "با اپراتور", "آدم واقعی", "1 آدم",
        ),
        "person": ("1 نفر", "نفر", "آدم", "شخص", "کسی", "همکار"),
        "trash": ("زباله", "آشغال", "بازیافت", "جمع آوری", "جمع آوری زباله", "جمع", "سطل", "سطل زباله", "ماشین زباله",
                  "نخاله", "می برند", "میبرند", "نبردند", "ببرند"),
        "pothole": ("چاله", "چاله ها", "گودال", "چاله چوله", "آسفالت", "خرابی", "خراب", "دست انداز", "ترک", "شکستگی"),
        "road": ("خیابان", "کوچه", "جاده", "معبر"),
        "bill": ("قبض", "قبوض", "صورتحساب", "صورت حساب", "هزینه"),
        "pay": ("پرداخت", "بپردازم", "بپردازیم", "پرداختن", "پول", "واریز"),
        "water": ("آب", "قبض آب"),
        "repeat": ("تکرار", "دوباره", "یک بار دیگر", "1 بار دیگر"),
        "menu": ("منو", "منوی اصلی", "برگشت"),
        "goodbye": ("خداحافظ", "خدانگهدار", "کاری ندارم", "همین", "تمام"),
        "english": ("انگلیسی", "english"),
        "spanish": ("اسپانیایی", "spanish"),
        "persian": ("فارسی", "farsi", "persian"),
    },
    "ko": {
        "human": ("상담원", "상담사", "상담원 연결", "상담사 연결", "직원", "사람", "실제 사람", "사람이랑", "사람과",
                  "사람 바꿔", "직원 바꿔", "담당자", "매니저", "연결해", "연결해 주세요", "통화하고"),
        "person": ("분", "누구"),
        "delivery": ("배송", "택배", "배달", "도착", "물건", "언제 와요", "언제 오", "안 왔", "오나요", "배송 조회", "조회", "송장", "운송장"),
        "refund": ("환불", "반품", "돌려받", "돈 돌려", "돈 돌려받", "결제 취소", "취소", "환급"),
        "change": ("변경", "바꾸", "바꿀", "바꾸고", "수정", "옵션", "사이즈", "주소", "교환"),
        "yes": ("네", "예", "응", "맞아요"),
        "no": ("아니요", "아니오", "아니"),
    },
}

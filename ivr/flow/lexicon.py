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
        "uh", "um", "uhm", "er", "erm", "ah", "eh", "hmm", "mm", "oh", "well", "so", "like", "just", "actually", "basically",
        "hi", "hello", "hey", "please", "thanks", "thank", "kindly", "yeah", "ok", "okay", "alright", "right",
        "i", "im", "ive", "id", "ill", "me", "my", "mine", "myself", "we", "us", "our", "you", "your", "youre", "it", "its",
        "this", "that", "thats", "these", "those", "there", "theres", "here", "a", "an", "the", "some", "any",
        "is", "are", "was", "were", "be", "been", "being", "am", "do", "does", "did", "dont", "doesnt", "didnt",
        "have", "has", "had", "having", "will", "would", "wouldnt", "could", "can", "should", "shall", "may", "might",
        "want", "wanna", "wanted", "wish", "need", "needs", "needed", "gonna", "gotta", "trying", "try", "let", "lets",
        "to", "of", "in", "on", "at", "for", "with", "about", "from", "by", "into", "onto", "as", "and", "or", "but", "if",
        "they", "them", "their", "theyre", "he", "she", "his", "her",
        "what", "whats", "which", "who", "how", "why", "when", "whens", "where", "then", "than", "too", "also", "very",
        "really", "still", "now", "today", "again", "calling", "call about", "get", "got", "getting", "know", "tell",
        "find out", "see", "look", "looking", "check on", "speak about", "talk about", "regarding", "go", "going",
        "thing", "something about", "all", "much", "many", "more",
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

CONCEPTS: dict[str, dict[str, tuple[str, ...]]] = {
    "en": {
        # asking for a person, in any wording: these win over every option
        "human": (
            "agent", "agents", "representative", "rep", "operator", "human", "human being", "a person", "real person",
            "live person", "live agent", "real human", "actual person", "someone real", "customer service",
            "customer care", "customer support",
            "talk to someone", "talk to somebody", "talk to a person", "talk to anyone", "talk to anybody",
            "speak to someone", "speak to somebody", "speak with someone", "speak with somebody", "speak to anyone",
            "talk with someone", "talk with somebody", "speak to a person", "speak with a person", "talk to people",
            "transfer me", "put me through", "connect me", "get me someone", "get me somebody", "someone please",
            "somebody please", "a live one", "speak to a human", "talk to a human", "not a machine", "not a robot",
        ),
        # words for somebody, which alone are only evidence for the human escape
        "person": ("someone", "somebody", "person", "anyone", "anybody", "people", "staff", "advisor", "adviser",
                   "technician", "tech", "specialist", "manager", "supervisor", "banker", "teller", "employee", "associate"),
        "not-human": ("person to person", "peer to peer", "someone used", "somebody used", "someone else", "somebody else",
                      "transfer money", "money transfer", "wire transfer", "transfer funds", "balance transfer"),
        "new-account": ("open an account", "open a new account", "open account", "new account", "opening an account",
                        "open a savings account", "open a checking account", "close my account", "close an account"),
        "digital": ("online banking", "mobile banking", "banking app", "mobile app", "the app", "password", "log in",
                    "login", "username", "sign in"),
        "balance": ("balance", "balances", "how much money", "how much have", "how much do have", "how much is left",
                    "how much left", "have left", "money left", "money in account", "in my account", "funds",
                    "available funds", "much is in account", "what do have in account", "how much in account",
                    "how much have got", "money have", "how much do have left", "how much have left", "how much left in account"),
        "account": ("account", "accounts", "checking account", "savings", "savings account"),
        "card": ("card", "cards", "credit card", "debit card", "atm card", "bank card", "visa", "mastercard", "wallet", "purse"),
        "lost": ("lost", "lose", "losing", "stolen", "stole", "steal", "missing", "misplaced", "misplace", "can't find",
                 "can not find", "cannot find", "someone stole", "somebody stole", "someone took", "somebody took", "gone"),
        "block": ("block", "blocked", "cancel", "freeze", "frozen", "stop", "deactivate", "lock", "report", "disable"),
        "complaint": ("complaint", "complaints", "complain", "complaining", "complained", "unhappy", "not happy",
                      "dissatisfied", "upset", "angry", "disappointed", "displeased", "grievance", "lodge", "file a complaint",
                      "bad service", "poor service", "terrible service", "awful service", "rude", "treated badly",
                      "not satisfied", "feedback", "how was treated", "how i was treated", "treated"),
        "hours": ("hours", "hour", "opening hours", "opening times", "opening time", "open", "opens", "opening", "close",
                  "closes", "closing", "closed", "closing time", "what time", "times",
                  "when are you open", "business hours"),
        "branch": ("branch", "branches", "location", "locations", "office", "offices", "bank", "store"),
        "bill": ("bill", "bills", "billing", "billed", "invoice", "invoices", "statement", "charge", "charges", "charged",
                 "overcharged", "overcharge", "double charged", "fee", "fees", "owe", "how much do owe", "amount due",
                 "due", "cost", "costs", "price", "utility bill"),
        "pay": ("pay", "paying", "payment", "payments", "paid", "make a payment", "pay off", "settle"),
        "internet": ("internet", "wifi", "wi fi", "wireless", "broadband", "online", "get online", "go online", "connection",
                     "connectivity", "connect", "connected", "connecting", "disconnect", "disconnecting", "disconnected",
                     "router", "modem", "web", "website", "websites", "web pages", "pages", "browse", "browsing",
                     "streaming", "download", "downloads", "ethernet", "fiber", "hotspot", "dsl", "data"),
        "slow": ("slow", "slowly", "sluggish", "keeps dropping", "dropping", "drops", "lagging", "laggy", "buffering"),
        "outage": ("outage", "outages", "no service", "service down", "service out", "network down", "network is down",
                   "service is down", "service went out", "signal", "no signal", "reception", "no reception", "bars",
                   "no bars", "coverage", "no coverage", "can't make calls", "can't make any calls", "can not make calls",
                   "cannot make calls", "calls don't go through", "dropped calls", "cell service", "mobile service",
                   "phone service", "network", "dead zone", "phone not working", "phone's not working", "blackout", "down in area"),
        "moving": ("moving", "move", "moved", "relocate", "relocating", "relocation", "new address", "change address",
                   "change of address", "change my address", "address change", "new house", "new home", "new apartment",
                   "moving house", "moving home", "different address", "new place"),
        "other": ("other", "something else", "anything else", "else", "different", "different question", "another question",
                  "another thing", "none of those", "none of these", "none of them", "not listed", "other question",
                  "different thing", "another"),
        "ready": ("ready", "done", "finished", "it's back", "back on", "back up", "steady", "lights are on", "lights are steady",
                  "go ahead", "continue", "all set", "good to go", "working now"),
        "callback": ("callback", "call back", "call me back", "call me", "ring me back", "ring me", "phone me", "call me later",
                     "give me a call", "give me a call back", "a call back", "call when", "call me when"),
        "hold": ("hold", "holding", "wait", "waiting", "keep holding", "stay on the line", "stay on hold", "on hold",
                 "hang on", "i'll wait", "i'll hold", "don't mind waiting", "keep me on hold", "stay"),
        "menu": ("menu", "main menu", "start over", "go back", "take me back", "back to the menu", "back to the start", "back to menu", "the options",
                 "back to the main menu", "beginning"),
        "goodbye": ("goodbye", "bye", "good bye", "bye bye", "that's all", "that is all", "that's everything", "all done",
                    "i'm done", "i'm all done", "nothing else", "no more", "hang up", "i'm good", "we're done", "finished now"),
        "yes": ("yes", "yeah", "yep", "yup", "sure", "of course", "correct", "affirmative", "please do"),
        "no": ("no", "nope", "nah", "no thanks", "no thank you", "negative"),
        "repeat": ("again", "repeat", "say that again", "one more time", "once more", "repeat that", "say it again",
                   "come again", "didn't catch that", "hear it again", "hear that again"),
        "trash": ("trash", "garbage", "rubbish", "refuse", "recycling", "recycle", "recyclables", "bin", "bins", "dumpster",
                  "trash day", "garbage day", "collection", "collect", "collected", "pickup", "pick up", "picked up",
                  "garbage truck", "trash truck", "waste", "compost"),
        "pothole": ("pothole", "potholes", "hole", "holes", "hole in the road", "crack", "cracks", "cracked", "road damage",
                    "damaged road", "damaged", "broken road", "pavement", "asphalt", "bump", "sinkhole"),
        "road": ("road", "roads", "street", "streets", "avenue", "lane"),
        "water": ("water", "water bill", "sewer", "utility", "utilities"),
        "english": ("english", "ingles", "in english", "speak english"),
        "spanish": ("spanish", "espanol", "castellano", "en espanol", "speak spanish"),
        "persian": ("persian", "farsi", "فارسی", "parsi", "speak persian", "speak farsi"),
        "delivery": ("delivery", "deliver", "delivered", "shipping", "shipment", "package", "parcel", "order status",
                     "where is my order", "tracking", "track"),
        "refund": ("refund", "refunds", "money back", "return", "returns", "reimburse"),
        "change": ("change", "changes", "modify", "update", "edit", "amend", "switch"),
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

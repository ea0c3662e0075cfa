"""Word lists of the synthetic generator: concepts, invented names, sentence templates, topics.

Everything is made up (brands and people are fictional); tags and ids follow the format reference.
"""

from __future__ import annotations

#: visual.context concepts: ``label|categ tags`` (tags from the reference's vocabulary; empty = no categ).
_VISUAL_TABLE = """
person|human_basic
man|human_basic
woman|human_basic
child|human_basic,children_family_play
crowd|human_basic
smile|human_features
hair|human_features
beard|human_features
hand|human_features
eyeglasses|fashion_wear
suit|fashion_wear
dress|fashion_wear
hat|fashion_wear
jacket|fashion_wear
t-shirt|fashion_wear
sunglasses|fashion_wear
dog|fauna,pets
cat|fauna,pets
puppy|fauna,pets
horse|fauna
bird|fauna
seagull|fauna
tree|flora
flower|flora
grass|flora
palm tree|flora
car|automotive
truck|automotive
motorcycle|automotive
bus|automotive
steering wheel|automotive
airplane|aviation
helicopter|aviation
airport|aviation,buildings_architecture
boat|boats_ships
sailboat|boats_ships
harbor|boats_ships
building|buildings_architecture
skyscraper|buildings_architecture
house|buildings_architecture,home_garden
bridge|buildings_architecture
church|buildings_architecture
window|buildings_architecture
kitchen|home_garden
living room|home_garden
sofa|home_garden
garden|home_garden,flora
table|home_garden
chair|home_garden
birthday cake|celebrations_holidays,food_drink
christmas tree|celebrations_holidays
fireworks|celebrations_holidays,lights_effects
balloon|celebrations_holidays
playground|children_family_play
toy|children_family_play
video game|computers_video_games
laptop|computers_video_games,consumer_electronics
computer keyboard|computers_video_games,consumer_electronics
smartphone|consumer_electronics
television|consumer_electronics
camera|consumer_electronics
headphones|consumer_electronics
coffee|food_drink
wine glass|food_drink
pizza|food_drink
bread|food_drink
fruit|food_drink
beer|food_drink,content_compliance
cigarette|content_compliance
gun|content_compliance
logo|brand_product,graphics
bottle|brand_product
poster|graphics
text|graphics
lens flare|lights_effects
bokeh|lights_effects,style
neon lights|lights_effects
close-up|style
black and white|style
silhouette|style
night|time
sunset|time
morning|time
sky|
cloud|
sea|
beach|
mountain|
snow|
road|
street|
city|
office|
stage|
microphone|
guitar|
concert|
audience|
indoor|
outdoor|
water|
rain|
field|
"""

#: audio.context concepts: ``label|AudioSet/Knowledge Graph mid|categ tags``.
_AUDIO_TABLE = """
music|/m/04rlf|
speech|/m/09x0r|
applause|/m/028ght|
laughter|/m/01j3sz|
crowd|/m/03qtwd|
wind|/m/03m9d0z|
rain|/m/06mb1|
engine|/m/02mk9|automotive
vehicle|/m/07yv9|automotive
bird vocalization|/m/020bb7|fauna
dog bark|/m/05tny_|fauna,pets
guitar|/m/0342h|
drum|/m/026t6|
footsteps|/m/07pbtc8|
door|/m/02dgv|home_garden
silence|/m/028v0c|
"""


def _parse_table(text: str) -> list[list[str]]:
    return [line.split("|") for line in text.strip().splitlines()]


_VISUAL = [(row[0], [t for t in row[1].split(",") if t]) for row in _parse_table(_VISUAL_TABLE)]
_AUDIO = [(row[0], row[1], [t for t in row[2].split(",") if t]) for row in _parse_table(_AUDIO_TABLE)]

#: Fictional brands (Microsoft's sample company names) used as logos and organizations.
_BRANDS = [
    "Contoso",
    "Fabrikam",
    "Northwind Traders",
    "Tailspin Toys",
    "Woodgrove Bank",
    "Litware",
    "Adventure Works",
    "Wide World Importers",
]
#: Fictional people: (name, gender).
_PERSONS = [
    ("Maria Lopez", "female"),
    ("John Carter", "male"),
    ("Aino Mäkelä", "female"),
    ("Mikko Laine", "male"),
    ("Sophie Martin", "female"),
    ("David Chen", "male"),
    ("Amara Okafor", "female"),
    ("Lucas Weber", "male"),
    ("Elena Rossi", "female"),
    ("Omar Haddad", "male"),
    ("Hanna Berg", "female"),
    ("Tom Fischer", "male"),
]
_FIRST_NAMES = ["Anna", "Peter", "Lisa", "Jake", "Emma", "Sam", "Nora", "Ben"]
_LOCATIONS = [
    "Helsinki",
    "Megève",
    "Lisbon",
    "New York",
    "Cape Town",
    "Kyoto",
    "Tampere",
    "Buenos Aires",
    "Oslo",
    "Marseille",
]
_NOUNS = [
    "satellite",
    "bakery",
    "vaccine",
    "drone",
    "festival",
    "bicycle",
    "lighthouse",
    "startup",
    "glacier",
    "museum",
    "exhibition",
    "telescope",
    "harvest",
    "prototype",
    "marathon",
]
_ADJECTIVES = ["new", "huge", "strange", "quiet", "expensive", "old", "beautiful", "tiny"]
_TIMES = ["tomorrow", "tonight", "next week", "on Monday", "last year", "this weekend"]
_SWEARS = ["damn", "bloody", "freaking"]

#: Sentence templates.  Slots: {P} person, {F} first name, {L} location, {O} organization,
#: {N} noteworthy noun, {X} mild swear word, {A} adjective, {T} time; ``!word`` = compliance keyword.
_TEMPLATES = [
    "I think {P} is going to present the {N} {T} .",
    "We drove all the way to {L} to see the {A} {N} .",
    "Did you hear that {O} bought the old factory in {L} ?",
    "{F} , can you bring the {N} over here ?",
    "Honestly , that was a {X} good idea .",
    "The people at {O} said the {N} would be ready {T} .",
    "I have never seen a {N} this {A} before .",
    "Well , {F} told me you moved to {L} .",
    "Let's meet at the {N} near the station {T} .",
    "That's a {X} shame , but we will try again .",
    "According to {P} , the {N} market is growing fast in {L} .",
    "We should call {O} before they close .",
    "I'm not sure the {N} fits in the car .",
    "So what happened after you left {L} ?",
    "My sister works for {O} in {L} now .",
    "Thank you , {F} , this means a lot to all of us .",
    "It was cold and windy , so we stayed inside all day .",
    "Are you sure this is the right way to {L} ?",
    "Nobody at {O} expected the {N} to sell out so quickly .",
    "Look at that {A} {N} over there !",
    "Where the !hell did you put my keys ?",
    "I'll send you the details about the {N} {T} .",
    "{P} has been working on this project for years .",
    "Maybe we can ask {F} to help with the {N} .",
    "The weather in {L} was perfect for the whole trip .",
    "We need a better plan before we talk to {O} .",
    "Yes , I remember that {N} from our first visit .",
    "You know , I really enjoyed the concert {T} .",
    "Can we stop for coffee before we go to {L} ?",
    "Everyone kept talking about the {A} {N} .",
]
_SHORT_REPLIES = ["Sure.", "No way!", "Really?", "I know.", "Okay, fine.", "Not yet.", "Of course.", "Why?"]
_PUNCT = frozenset({",", ".", "?", "!"})

#: Face expression vocabulary V2 (reference §2.9) with a plausible valence range each.
_EMOTIONS = [
    ("joy", 0.4, 1.0, 3),
    ("mild joy", 0.1, 0.6, 4),
    ("sadness", -0.9, -0.3, 1),
    ("serious expression", -0.3, 0.1, 4),
    ("fear", -0.9, -0.4, 1),
    ("tension/anxiousness", -0.7, -0.2, 1),
    ("disgust", -0.9, -0.4, 1),
    ("displeasure", -0.6, -0.1, 1),
    ("anger", -1.0, -0.5, 1),
    ("concentration/displeasure", -0.4, 0.0, 2),
    ("surprise", -0.1, 0.5, 1),
    ("startlement", -0.4, 0.2, 1),
    ("neutral", -0.1, 0.1, 6),
]

#: Video-level IAB (v1-style ids): (label, hierarchy, id, is_scd_category).
_IAB_TOPICS = [
    ("Travel", ["Travel"], "IAB20", False),
    ("Pets", ["Pets"], "IAB16", False),
    ("Dogs", ["Pets", "Dogs"], "IAB16-4", False),
    ("Music", ["Arts & Entertainment", "Music"], "IAB1-6", False),
    ("Personal Finance", ["Personal Finance"], "IAB13", False),
    ("Beginning Investing", ["Personal Finance", "Beginning Investing"], "IAB13-1", False),
    ("Food & Drink", ["Food & Drink"], "IAB8", False),
    ("Automotive", ["Automotive"], "IAB2", False),
]
_IAB_SCD = ("Religion & Spirituality", ["Religion & Spirituality"], "IAB23", True)
#: Scene-level IAB sections (IAB Content Taxonomy 2.x numeric ids).
_IAB_SECTIONS = [
    ("Business and Finance", ["Business and Finance"], "52"),
    ("Travel", ["Travel"], "653"),
    ("Pets", ["Pets"], "422"),
    ("Food & Drink", ["Food & Drink"], "210"),
    ("Sports", ["Sports"], "483"),
    ("Music and Audio", ["Music and Audio"], "338"),
    ("Technology & Computing", ["Technology & Computing"], "596"),
    ("Automotive", ["Automotive"], "1"),
]
_TOPICS_GENERAL = ["interview", "travel vlog", "news report", "family", "urban life", "technology"]
_GENRES = ["Documentary", "Drama", "News", "Comedy", "Lifestyle"]

_TEXT_FULL = [
    "CHAPTER ONE",
    "THE END",
    "Directed by Elena Rossi",
    "Three weeks later",
    "Based on a true story",
    "Thanks for watching",
]
_TEXT_ROLES = ["Chief Economist", "Reporter", "Mayor of Tampere", "Marine Biologist", "Head Chef", "Pilot"]
_TEXT_MIDDLE = ["BREAKING NEWS", "LIMITED OFFER", "SALE -50%", "OPEN 24/7", "WELCOME"]
_TEXT_UPPER = ["LIVE", "NEWS 24", "EXCLUSIVE", "HD", "REPLAY"]
_TEXT_COMPLIANCE = ["casino", "whisky", "beer", "vote"]

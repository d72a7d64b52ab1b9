#include "data/demo/demo_vocabulary.h"

namespace crsw {

namespace {

// Mood indices, in the order of moods() below.
enum Mood { Tense, Uplifting, Dark, Whimsical, Melancholy, Cozy, Gritty, Dreamy, Chaotic, Tender, Eerie, Rousing };

// The clusters. Item shares fall steeply (the catalogue is dominated by a few
// mainstream sub-genres) while user shares fall gently: niche tastes are held
// by many more people than the review corpus suggests, which is what makes
// covering the niches worth an active selection (METHOD.md §9).
std::vector<DemoCluster> makeClusters()
{
    using T = DemoTier;
    return {
        {"Action", "Superhero spectacle", "superhero movie", T::Popular, 22.0, 18.0, 1.0, 0.96,
         {Rousing, Chaotic, Tense}, {2000, 2010, 2020},
         {"a falling sky city", "a stolen power core", "a masked rival", "a collapsing bridge",
          "a secret origin", "an alien armada", "a rooftop chase", "a villain's ultimatum",
          "a team that cannot get along", "a borrowed suit of armour", "a blackout across the city",
          "a final stand at the harbour"},
         {"Protocol", "Vanguard", "Eclipse", "Titan", "Legion", "Uprising", "Ascendant", "Sentinel"}},
        {"Comedy", "Romantic comedy", "romantic comedy", T::Popular, 17.0, 16.0, 0.95, 0.95,
         {Cozy, Tender, Uplifting, Whimsical}, {1990, 2000, 2010},
         {"a fake engagement", "a wedding gone wrong", "a bakery rivalry", "a mixed up delivery",
          "a road trip with an ex", "a bet between friends", "a small town festival",
          "a rained out picnic", "a dating app mix up", "a best friend's secret",
          "a holiday with the in laws", "a last minute flight"},
         {"Wedding", "Summer", "Kiss", "Promise", "Season", "Weekend", "Valentine", "Sweetheart"}},
        {"Animation", "Family adventure", "family movie", T::Popular, 12.0, 11.0, 0.9, 0.95,
         {Whimsical, Uplifting, Cozy}, {1990, 2000, 2010, 2020},
         {"a talking lantern", "a lost dragon egg", "a journey across the clouds", "a toy workshop",
          "a brave little fox", "a magic map", "a runaway train of animals", "a kingdom under the sea",
          "a grandmother's spellbook", "a robot who wants a name", "a snow globe world",
          "a race against winter"},
         {"Lantern", "Kingdom", "Journey", "Dragon", "Wish", "Adventure", "Friends", "Quest"}},
        {"Horror", "Slasher", "slasher", T::Popular, 9.0, 8.0, 0.8, 0.93,
         {Tense, Dark, Gritty}, {1970, 1980, 1990, 2010},
         {"a summer camp", "a masked stalker", "a power cut at the lodge", "a prom night curse",
          "a phone that keeps ringing", "a lakeside cabin", "a babysitting job", "an urban legend",
          "a locked school", "a trail of cassette tapes", "a last survivor", "a storm that cuts the roads"},
         {"Night", "Scream", "Hollow", "Cabin", "Terror", "Nightmare", "Slaughter", "Shriek"}},
        {"Science fiction", "Space opera", "space adventure", T::Popular, 8.0, 8.0, 0.8, 0.92,
         {Rousing, Dreamy, Tense}, {1970, 1980, 2000, 2010},
         {"a derelict star freighter", "a rebel fleet", "a desert moon", "a hyperspace jump gone wrong",
          "an android copilot", "a galactic senate", "a smuggler's debt", "an ancient star map",
          "a wormhole gate", "a sunrise over twin suns", "a mining colony revolt", "an exiled princess"},
         {"Star", "Fleet", "Horizon", "Nebula", "Exodus", "Voyager", "Orbit", "Empire"}},
        {"Drama", "Courtroom drama", "courtroom drama", T::Middle, 6.0, 6.0, 0.55, 0.5,
         {Tense, Melancholy, Rousing}, {1950, 1960, 1990, 2010},
         {"a wrongful conviction", "a hostile witness", "a juror who holds out",
          "a public defender's first case", "a buried police report", "a closing argument",
          "a retrial", "a family torn apart by a verdict", "a confession in the hallway",
          "a judge with a past", "a lost appeal", "a whistleblower"},
         {"Verdict", "Witness", "Trial", "Appeal", "Testimony", "Defence", "Jury", "Counsel"}},
        {"Thriller", "Heist", "heist movie", T::Middle, 5.5, 5.0, 0.55, 0.5,
         {Tense, Chaotic, Gritty}, {1960, 1970, 2000, 2010},
         {"a casino vault", "a double cross", "a stolen painting", "a getaway through the canals",
          "a safecracker's last job", "a bank on a holiday weekend", "a fake auction",
          "a crew of retirees", "a tunnel under the museum", "a diamond on a night train",
          "a plan with one flaw", "an insider at the mint"},
         {"Job", "Vault", "Score", "Gambit", "Caper", "Heist", "Getaway", "Switch"}},
        {"Fantasy", "Sword and sorcery", "fantasy epic", T::Middle, 4.5, 5.0, 0.4, 0.35,
         {Rousing, Dreamy, Dark}, {1980, 2000, 2010},
         {"a cursed blade", "a sorcerer's tower", "a mercenary queen", "a dragon in the salt mines",
          "a broken oath", "a border fortress", "a witch's bargain", "a throne of bone",
          "a forest that moves", "a siege in winter", "a stolen crown", "an oracle who lies"},
         {"Blade", "Crown", "Throne", "Oath", "Sorcerer", "Realm", "Warlord", "Spellbound"}},
        {"Documentary", "Nature documentary", "nature documentary", T::Niche, 3.5, 5.0, 0.3, 0.1,
         {Dreamy, Uplifting, Melancholy, Cozy}, {1990, 2000, 2010, 2020},
         {"the migration of grey whales", "a coral reef at night", "a family of otters",
          "a glacier in retreat", "the nesting season of albatrosses", "wolves in a national park",
          "a desert after rain", "fireflies in a mountain forest", "a river delta", "the deep sea vents",
          "the hidden foxes of a city", "monarch butterflies"},
         {"Tides", "Wild", "Seasons", "Wings", "Rivers", "Habitat", "Wilderness", "Flight"}},
        {"Western", "Revisionist western", "western", T::Niche, 2.8, 4.5, 0.25, 0.08,
         {Gritty, Melancholy, Dark}, {1950, 1960, 1970, 1990},
         {"a railroad land grab", "a reluctant sheriff", "a cattle drive in a drought", "a frontier doctor",
          "a bounty on a friend", "a silver mine strike", "a widow's ranch", "a mail coach robbery",
          "a broken treaty", "a gunfight that never happens", "a saloon piano", "a long ride to the border"},
         {"Ride", "Gulch", "Frontier", "Outlaw", "Trail", "Mesa", "Drifter", "Sundown"}},
        {"Musical", "Jazz age musical", "musical", T::Niche, 2.2, 4.0, 0.2, 0.06,
         {Uplifting, Whimsical, Tender}, {1950, 1960},
         {"a speakeasy revue", "a trumpet player's big break", "a tap dance contest", "a riverboat band",
          "a songwriter's lost notebook", "a chorus line strike", "a radio broadcast",
          "a rooftop serenade", "a nightclub fire", "a rival bandleader", "a train full of musicians",
          "a show that must go on"},
         {"Rhapsody", "Serenade", "Swing", "Revue", "Melody", "Foxtrot", "Cabaret", "Ragtime"}},
        {"Crime", "Neo noir", "crime story", T::Niche, 1.8, 4.0, 0.2, 0.05,
         {Dark, Gritty, Melancholy}, {1970, 1990, 2020},
         {"a missing nightclub singer", "a crooked councilman", "a detective with insomnia",
          "a rain soaked harbour", "a ledger of bribes", "a widow with a secret",
          "a motel on the edge of town", "a pawned wedding ring", "a body in the reservoir",
          "a tailing job gone wrong", "a forged alibi", "a jazz bar after closing"},
         {"Alibi", "Shadows", "Rain", "Ledger", "Nightfall", "Undertow", "Neon", "Vice"}},
        {"Horror", "Folk horror", "folk horror film", T::Niche, 1.3, 3.5, 0.15, 0.05,
         {Eerie, Dreamy, Dark}, {1960, 1970, 2010},
         {"a harvest festival", "a village that worships the hill", "a straw effigy", "a drowned church",
          "a midsummer rite", "a hare in the cornfield", "a stranger's inheritance", "a standing stone",
          "a song the children sing", "a cottage on the moor", "an unmarked grave", "a maypole"},
         {"Harvest", "Effigy", "Rite", "Hill", "Moor", "Barrow", "Wicker", "Hearth"}},
        {"Animation", "Stop motion", "stop motion film", T::Niche, 1.0, 3.0, 0.15, 0.05,
         {Whimsical, Melancholy, Eerie}, {1980, 2000, 2010},
         {"a button eyed doll", "a clockwork heart", "a puppet theatre", "a moth who collects lamps",
          "an attic kingdom", "a paper boat voyage", "a tin soldier's promise", "a felt moon",
          "a garden gnome rebellion", "a snail's long journey", "a yarn monster", "a music box ballet"},
         {"Clockwork", "Puppet", "Button", "Moth", "Attic", "Marionette", "Thimble", "Bobbin"}},
        {"War", "Submarine drama", "submarine film", T::Niche, 0.8, 2.5, 0.12, 0.04,
         {Tense, Melancholy, Gritty}, {1950, 1960, 1990},
         {"a silent running order", "a depth charge attack", "a flooded torpedo room",
          "a captain's secret orders", "a broken periscope", "a radio message from home",
          "a passage through a minefield", "an arctic ice pack", "a mutiny brewing", "a sonar contact",
          "a lost sister ship", "a surfacing at dawn"},
         {"Depths", "Silence", "Periscope", "Torpedo", "Fathom", "Undersea", "Ballast", "Sonar"}},
    };
}

} // namespace

const std::vector<DemoCluster> &DemoVocabulary::clusters()
{
    static const std::vector<DemoCluster> clusters = makeClusters();
    return clusters;
}

const std::vector<std::string> &DemoVocabulary::moods()
{
    static const std::vector<std::string> moods = {"tense",    "uplifting", "dark",   "whimsical",
                                                   "melancholy", "cozy",    "gritty", "dreamy",
                                                   "chaotic",  "tender",    "eerie",  "rousing"};
    return moods;
}

const std::vector<std::string> &DemoVocabulary::syllables()
{
    // Open and closed syllables that join into pronounceable words which are
    // not English: "Velmora", "Quendrith", "Brimsalo".
    static const std::vector<std::string> syllables = {
        "ka",  "lo",  "mir", "vel", "dra", "quen", "tor", "bel",  "sa",  "rin", "os",  "thal",
        "bre", "mon", "ith", "zar", "lu",  "fen",  "gal", "dor",  "ves", "ari", "cor", "pel",
        "nim", "sol", "ta",  "ren", "wyn", "ost",  "har", "e",    "lis", "orn", "brim", "dal",
        "kes", "vor", "mae", "sib", "ul",  "tre",  "no",  "vash", "ky",  "pra", "dun", "eth"};
    return syllables;
}

const std::vector<std::string> &DemoVocabulary::givenNames()
{
    static const std::vector<std::string> names = {
        "Ada",    "Bram",   "Celia",  "Dario",   "Edith",  "Felix",  "Greta",  "Hugo",
        "Ines",   "Jonah",  "Kira",   "Leon",    "Mira",   "Nils",   "Orla",   "Piet",
        "Quinn",  "Rosa",   "Silas",  "Tova",    "Ugo",    "Vera",   "Wendell", "Xenia",
        "Yusuf",  "Zelda",  "Anouk",  "Bastian", "Corin",  "Dagny",  "Emrys",  "Fenna",
        "Galen",  "Hedda",  "Ivo",    "Juno",    "Kasimir", "Linnea", "Magnus", "Noor",
        "Odile",  "Perrin", "Rune",   "Saskia",  "Tobin",  "Ulla",   "Viggo",  "Wilma"};
    return names;
}

const std::vector<std::string> &DemoVocabulary::surnameEndings()
{
    static const std::vector<std::string> endings = {"", "ley", "ford", "wick", "sby", "holm", "ard", "mont"};
    return endings;
}

const std::vector<std::string> &DemoVocabulary::titlePatterns()
{
    static const std::vector<std::string> patterns = {
        "The {W} {N}", "{W} {N}", "{N} of {W}", "The {N} at {W}", "{W} and the {N}", "{N} over {W}",
        "Return to {W}", "The Last {N} of {W}"};
    return patterns;
}

const std::vector<std::string> &DemoVocabulary::detailAdjectives()
{
    static const std::vector<std::string> words = {
        "silver",  "crooked", "burning", "frozen",  "velvet",   "rusted",  "paper",   "glass",    "hollow",
        "painted", "broken",  "borrowed", "golden", "sunken",   "whispering", "copper", "lopsided", "forgotten",
        "marble",  "flickering", "tattered", "crimson", "wooden", "midnight", "salt stained", "chipped", "humming",
        "upside down", "ivory", "smoking", "tin",   "emerald",  "cracked", "lonely",  "mechanical", "striped",
        "moonlit", "buried",  "ancient", "dented"};
    return words;
}

const std::vector<std::string> &DemoVocabulary::detailNouns()
{
    static const std::vector<std::string> words = {
        "accordion", "lighthouse", "bicycle", "teapot",    "telescope", "umbrella",  "carousel", "typewriter",
        "lantern",   "violin",     "aquarium", "greenhouse", "clock tower", "rowboat", "piano",    "chandelier",
        "scarecrow", "jukebox",    "bridge",  "music box", "birdcage",  "ferris wheel", "staircase", "mirror",
        "suitcase",  "radio",      "windmill", "trumpet",  "compass",   "postcard",  "locket",   "greenhouse door",
        "elevator",  "tram",       "kite",    "hourglass", "chess set", "fountain",  "wedding cake", "phone booth",
        "key",       "attic door", "ice rink", "oil painting", "mask",  "ladder",    "gramophone", "signal box",
        "zeppelin",  "circus tent", "diving bell", "lamp post", "snow plough", "projector", "weather vane",
        "well",      "train ticket", "rocking horse", "observatory", "canoe"};
    return words;
}

std::string DemoVocabulary::decadeName(int decade)
{
    return std::to_string(decade) + "s";
}

} // namespace crsw

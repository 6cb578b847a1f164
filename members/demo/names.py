"""The demo community's people: first and last names (Ukrainian and international) and the
things a profile says, so that every demo member has a name of their own."""

import unicodedata

UKRAINIAN_FIRST_NAMES = [
    "Olena", "Taras", "Iryna", "Andriy", "Oksana", "Dmytro", "Kateryna", "Serhiy", "Yulia",
    "Mykola", "Sofia", "Bohdan", "Anna", "Petro", "Maria", "Oleh", "Nadia", "Ivan", "Daria",
    "Roman", "Halyna", "Vasyl", "Liudmyla", "Yaroslav", "Tetiana", "Maksym", "Viktoria", "Artem",
    "Khrystyna", "Volodymyr", "Alina", "Denys", "Zoriana", "Ostap", "Solomiia", "Yurii",
    "Larysa", "Nazar", "Ulyana", "Vitalii", "Marharyta", "Stepan", "Oleksandra", "Ihor",
    "Bohdana", "Pavlo", "Svitlana", "Hlib",
]  # fmt: skip
UKRAINIAN_LAST_NAMES = [
    "Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Oliynyk", "Melnyk",
    "Moroz", "Lysenko", "Savchenko", "Rudenko", "Marchenko", "Petrenko", "Hnatiuk", "Boiko",
    "Kovalchuk", "Polishchuk", "Tkachuk", "Ponomarenko", "Pavlenko", "Kuzmenko", "Klymenko",
    "Shvets", "Sydorenko", "Yatsenko", "Dovzhenko", "Zinchenko", "Hrytsenko", "Levchenko",
    "Vasylenko", "Honcharuk", "Fedoriv", "Romaniuk", "Karpenko", "Ostapchuk", "Symonenko",
    "Mazur", "Bilyk", "Danyliuk", "Horbach", "Kushnir", "Prokopenko", "Vovk", "Yaremchuk",
]  # fmt: skip
INTERNATIONAL_FIRST_NAMES = [
    "Alex", "Priya", "Lukas", "Amara", "Chen", "Marta", "Jonas", "Leila", "Tomás", "Ines",
    "Kwame", "Hana", "Mateo", "Aisha", "Noah", "Yuki", "Elif", "Rafael", "Zofia", "Omar",
    "Freya", "Arjun", "Camille", "Diego", "Mei", "Sven", "Nadia", "Emeka", "Clara", "Tariq",
]  # fmt: skip
INTERNATIONAL_LAST_NAMES = [
    "Novak", "Fischer", "Okafor", "Sharma", "Garcia", "Lindqvist", "Wang", "Costa", "Dubois",
    "Kim", "Mensah", "Tanaka", "Rossi", "Haddad", "Nowak", "Yilmaz", "Schmidt", "Santos",
    "Eriksson", "Patel", "Moreau", "Alvarez", "Kowalski", "Nakamura", "Osei", "Jensen",
    "Petrov", "Ibrahim", "Bauer", "Silva",
]  # fmt: skip

#: The two demo logins have names of their own, kept out of the generated ones.
DEMO_MEMBER_NAME = "Mykola Savchuk"
DEMO_MANAGER_NAME = "Marta Hnatiuk"

#: What a member says about themselves, by how they take part (see membership.ARCHETYPES).
HEADLINES = {
    "core": [
        "Maintainer of the profiler",
        "Staff engineer, ML platform",
        "Backend lead and co-op founder",
        "Data engineer, pipelines maintainer",
    ],
    "regular": [
        "Backend developer",
        "ML engineer",
        "Data engineer",
        "Frontend developer learning Django",
        "DevOps engineer",
        "Technical writer",
    ],
    "participant": [
        "Software engineer",
        "Student of computer science",
        "Product manager",
        "QA engineer",
        "Junior Python developer",
        "Analyst moving into data science",
    ],
    "lurker": [
        "Developer",
        "Student",
        "Founder of a small studio",
        "Recruiter in tech",
        "Designer",
        "",
    ],
}
LOCATIONS = [
    "Bakhmach", "Kyiv", "Chernihiv", "Lviv", "Kharkiv", "Odesa", "Dnipro", "Warsaw", "Berlin",
    "Vilnius", "Remote",
]  # fmt: skip
HOW_HEARD = ["A friend", "GitHub", "A meetup", "A blog post", "University", "Search", ""]


def ascii_handle(name: str) -> str:
    """A GitHub-style handle from a name: letters, digits and hyphens only."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return "-".join(plain.lower().split())[:39]


def unique_names(rng, count: int) -> list[str]:
    """`count` different display names, about two in three Ukrainian, drawn without
    repetition (a middle initial is added only past the thousands of pairs available)."""
    reserved = {DEMO_MEMBER_NAME, DEMO_MANAGER_NAME}
    pools = [
        (UKRAINIAN_FIRST_NAMES, UKRAINIAN_LAST_NAMES, 2),
        (INTERNATIONAL_FIRST_NAMES, INTERNATIONAL_LAST_NAMES, 1),
    ]
    names: list[str] = []
    taken = set(reserved)
    initials = "ABCDEFGHIJKLMNOPRSTVZ"
    while len(names) < count:
        firsts, lasts, _ = rng.choices(pools, weights=[weight for *_, weight in pools])[0]
        name = f"{rng.choice(firsts)} {rng.choice(lasts)}"
        if name in taken:
            first, last = name.split(" ", 1)
            # Each pool holds over a thousand pairs; past that, a middle initial tells apart.
            if len(taken) < 0.8 * sum(len(f) * len(la) for f, la, _ in pools):
                continue
            name = f"{first} {rng.choice(initials)}. {last}"
            if name in taken:
                continue
        taken.add(name)
        names.append(name)
    return names

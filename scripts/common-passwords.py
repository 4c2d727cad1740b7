#!/usr/bin/env python3
"""Writes server/src/main/resources/io/drover/server/identity/common-passwords.txt.

The list the server refuses passwords from (PasswordPolicy), generated here from obvious patterns
rather than downloaded: common words and names with the suffixes people add, keyboard walks,
digit and letter runs, short units repeated. Only entries of 12 characters or more are kept (a
shorter password is refused for its length anyway), lower case (the check ignores case).
Run it from the repository's root after changing it, and commit both.
"""
import pathlib

WORDS = """password passw0rd p@ssword p@ssw0rd passwort motdepasse contrasena senha wachtwoord salasana
qwerty qwertz azerty letmein welcome admin administrator root toor changeme default secret
iloveyou loveyou trustno1 dragon monkey football baseball basketball soccer hockey superman batman
spiderman sunshine princess master shadow michael jennifer jordan hunter ranger buster thomas
robert daniel charlie andrew matthew joshua ashley jessica amanda starwars computer internet
freedom whatever nothing letmein access login welcome1 hello hellothere helloworld summer winter
spring autumn monday friday january december christmas newyear birthday family mustang harley
pepper ginger cookie chocolate cheese banana orange apple cherry purple yellow silver golden
diamond flower dolphin tigger lovely angel angels blessed jesus jesuschrist faithful liverpool
chelsea arsenal barcelona realmadrid manchester yankees cowboys lakers samsung iphone google
facebook linkedin twitter microsoft windows ubuntu linux server database oracle postgres mysql
drover libvirt qemu kvm virtual cluster vmware openstack kubernetes docker company corporate
office business service support manager student teacher school college university america
canada london berlin paris moscow nothing abcdef abc123 pass1234 zaq12wsx 1qaz2wsx 1q2w3e4r
1q2w3e4r5t qazwsx qweasd asdfgh zxcvbn asdf1234 qwer1234 killer hannah maggie jasper tiger
biteme matrix merlin cooper bailey snoopy phoenix killer123 guitar music rockstar pokemon
minecraft fortnite gaming gamer player playstation xbox nintendo qwertyuiop asdfghjkl zxcvbnm
qwertyui asdfghjk abcdefgh abcdefghij 1q2w3e4r5t6y""".split()

SUFFIXES = ["", "1", "12", "123", "1234", "12345", "123456", "1234567", "12345678", "123456789",
            "!", "1!", "123!", "!!", "@123", "#1", "01", "007", "69", "99", "00", "000", "111",
            "2000", "2020", "2021", "2022", "2023", "2024", "2025", "2026", "!@#", "!@#$", "qwerty"]
YEARS = [str(y) for y in range(1970, 2031)]
PREFIXES = ["", "my", "ilove"]

KEYBOARD_ROWS = ["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm", "qwertzuiop", "azertyuiop",
                 "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p", "qazwsxedcrfvtgbyhnujmikolp",
                 "1q2w3e4r5t6y7u8i9o0p", "zaq12wsxcde34rfvbgt56yhnmju78ik,.lo90p",
                 "qwertyuiopasdfghjklzxcvbnm", "abcdefghijklmnopqrstuvwxyz", "0123456789",
                 "!@#$%^&*()", "1234qwerasdfzxcv", "qweasdzxc", "147258369", "159753", "741852963"]
UNITS = ["ab", "12", "abc", "123", "1234", "abcd", "qwe", "asd", "xo", "ha", "la", "hi", "01", "10",
         "321", "4321", "69", "pass", "love", "qwer", "asdf", "zxc", "aa", "11", "00", "99", "a1", "1a",
         "abc1", "123a", "xyz", "!@", "ok", "no", "yes", "go", "lol", "hey", "baby"]


def main():
    out = set()
    for word in WORDS:
        for prefix in PREFIXES:
            for suffix in SUFFIXES:
                out.add(prefix + word + suffix)
            out.add(prefix + word + word)
        for year in YEARS:
            out.add(word + year)
        out.add(word.capitalize())
    for row in KEYBOARD_ROWS:
        for text in (row, row[::-1], row + row, (row + row)[::-1]):
            # Walks as typed: from the row's start (or its end, reversed), 12 to 20 keys long.
            for end in range(12, min(len(text), 20) + 1):
                out.add(text[:end])
    for unit in UNITS:
        for times in range(2, 13):
            out.add(unit * times)
    for d in "0123456789":
        for n in range(12, 25):
            out.add("".join(str((int(d) + i) % 10) for i in range(n)))
            out.add("".join(str((int(d) - i) % 10) for i in range(n)))
    kept = sorted(p.lower() for p in out if len(p) >= 12)
    path = pathlib.Path("server/src/main/resources/io/drover/server/identity/common-passwords.txt")
    path.write_text("".join(p + "\n" for p in sorted(set(kept))), encoding="utf-8")
    print(f"{len(set(kept))} passwords written to {path}")


if __name__ == "__main__":
    main()

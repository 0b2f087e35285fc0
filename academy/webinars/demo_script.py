"""What the demo recording of the webinar "CX, důvěra a AI" says and shows.

A demonstration made for the academy: two synthetic voices (a host and a guest), no real
person, no excerpt of a real webinar. The topics come from seed 001 (the article about the
webinar); the running case is the academy's pojišťovna Opora (fictional). Every number
spoken names where it comes from. `demo_media` turns this into slides, voice and captions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HOST, GUEST = "Moderátorka", "Konzultant"


@dataclass(frozen=True)
class Slide:
    """One still picture: `kind` says how `draw_slide` lays out `points`."""

    chapter: str  # a new chapter starts where the title differs from the slide before
    heading: str
    points: tuple[str, ...] = ()
    kind: str = "bullets"  # bullets | title | columns | flow
    right: tuple[str, ...] = ()  # the second column of a "columns" slide
    labels: tuple[str, str] = ("", "")  # the column headings
    note: str = ""  # a small line at the bottom (a source, a caveat)


@dataclass(frozen=True)
class Line:
    speaker: str
    text: str  # as captioned


@dataclass(frozen=True)
class Scene:
    slide: Slide
    lines: tuple[Line, ...]


def h(text: str) -> Line:
    """A line the host (moderátorka) says."""
    return Line(HOST, text)


def g(text: str) -> Line:
    """A line the guest (konzultant) says."""
    return Line(GUEST, text)


# Caption spellings the Czech voices read badly, and what they should say instead.
SPOKEN = {
    "AI": "á í",
    "CX": "cé iks",
    "KPI": "ká pé í",
    "SMS": "es em es",
    "31 %": "třicet jedna procent",
    "61 %": "šedesát jedna procent",
    "44 %": "čtyřicet čtyři procent",
    "containment": "kontejnment",
    "2024/1689": "dva tisíce dvacet čtyři lomeno šestnáct set osmdesát devět",
    "2. srpna 2026": "druhého srpna dva tisíce dvacet šest",
}

SCENES = (
    Scene(
        Slide(
            "Úvod",
            "CX, důvěra a AI",
            kind="title",
            points=(
                "Ukázkový záznam webináře CX akademie",
                "Moderátorka a konzultant · oba hlasy jsou syntetické",
            ),
        ),
        (
            h(
                "Dobrý den a vítejte u webináře o zákaznické zkušenosti, důvěře a umělé inteligenci."
            ),
            h(
                "Hned na začátku jedna poctivá poznámka. Tento záznam připravila CX akademie jako ukázku."
            ),
            h(
                "Nejde o výňatek ze skutečného webináře a oba hlasy, které uslyšíte, jsou syntetické."
            ),
            g(
                "Dobrý den. Já tu mám roli konzultanta, který firmám pomáhá se zákaznickými cestami."
            ),
            g("A budu se snažit mluvit co nejkonkrétněji."),
        ),
    ),
    Scene(
        Slide(
            "Úvod",
            "O čem budeme mluvit",
            (
                "Rychlejší firmy, a přesto menší důvěra?",
                "Kde AI v péči o zákazníky pomáhá a kde škodí",
                "Tichý zákazník",
                "Jak vzniká důvěra",
                "Zákaznická cesta jako živý nástroj",
            ),
        ),
        (
            h("Za zhruba deset minut projdeme pět věcí."),
            h(
                "Proč firmy zrychlují a zákazníci jim přesto věří méně. Kde umělá inteligence v péči "
                "o zákazníky pomáhá a kde škodí. Proč je nebezpečný tichý zákazník. Jak vzniká důvěra. "
                "A jak s tím vším pracovat pomocí zákaznické cesty."
            ),
            h(
                "Celým webinářem nás bude provázet pojišťovna Opora, smyšlená firma, se kterou pracuje "
                "celá akademie. Její klientka Petra hlásí škodu na autě."
            ),
        ),
    ),
    Scene(
        Slide(
            "Paradox: rychlejší, a přesto méně důvěry",
            "Paradox",
            (
                "Firmy automatizují, nasazují chatboty, jsou dostupné nonstop",
                "Přesto se mluví o klesající důvěře",
                "Ověřte na vlastních datech: odchody, opakované kontakty, doporučení",
            ),
            note="Článek o webináři (zdroj akademie) uvádí pokles důvěry bez odkazu na výzkum.",
        ),
        (
            h(
                "Začněme paradoxem. Firmy investují do technologií, automatizují, nasazují chatboty "
                "a jsou dostupné prakticky nonstop."
            ),
            h("Přesto se často říká, že důvěra zákazníků klesá. Je to tak?"),
            g(
                "Tady bych byl opatrný. Článek, ze kterého tento webinář vychází, tvrdí, že důvěra "
                "dlouhodobě klesá, ale konkrétní výzkum neuvádí."
            ),
            g("Berme to proto jako hypotézu, kterou si má každá firma ověřit na vlastních datech."),
            g(
                "Co ale u klientů vidím opakovaně, je tohle. Firma zlepší rychlost a dostupnost, čísla "
                "v reportu rostou, a zákazníci přesto odcházejí."
            ),
            g("A stěžují si na věci, které v reportu vůbec nejsou."),
            h("Jaké věci?"),
            g("Nedodržený slib. Nejasná odpověď. Pocit, že jsem pro firmu jen číslo spisu."),
            g("Tohle se hůř měří a ještě hůř automatizuje."),
        ),
    ),
    Scene(
        Slide(
            "Kde AI pomáhá",
            "Kde AI pomáhá: rutina, objem, rychlost",
            (
                "Provede klienta formulářem a vysvětlí pojmy",
                "Připomene fotky a doklady",
                "Roztřídí hlášení a shrne hovor pro likvidátora",
                "Najde opakující se témata v tisících komentářů",
            ),
            note="Příklad: smyšlená pojišťovna Opora, hlášení škody na autě",
        ),
        (
            h(
                "Pojďme k umělé inteligenci. Firmy ji dnes používají hlavně na chatboty, automatické "
                "odpovědi, práci s daty a analýzu zpětné vazby."
            ),
            h("Kde podle vás opravdu pomáhá?"),
            g("Tam, kde jde o rutinu, objem a rychlost. Vezměme Oporu."),
            g(
                "Petra hlásí škodu večer na parkovišti. Asistent jí pomůže vyplnit formulář, vysvětlí, "
                "co je spoluúčast, a připomene, ať vyfotí poškozené dveře."
            ),
            g(
                "Uvnitř firmy pak AI roztřídí hlášení, shrne dlouhý hovor pro likvidátora a z tisíců "
                "komentářů vytáhne opakující se stížnosti."
            ),
            g("To jsou úlohy, kde stroj nepotřebuje empatii a kde zákazník rychlost ocení."),
            h("Přesto prý jen menší část firem považuje své projekty s AI za skutečně úspěšné."),
            g("Tak to tvrdí i článek o webináři, opět bez čísla, takže ani já žádné neřeknu."),
            g(
                "Moje zkušenost je, že projekty selhávají kvůli tomu, kde a jak se technologie "
                "použije, ne kvůli technologii samotné."
            ),
        ),
    ),
    Scene(
        Slide(
            "Kde AI selhává",
            "Vyřízeno není vyřešeno",
            kind="columns",
            labels=("Chatbot konverzaci udržel", "Problém je vyřešený"),
            points=("bez předání člověku", "zákazník odešel z chatu", "měří se jako úspora"),
            right=(
                "zákazník se neozval znovu",
                "operátor viděl celý kontext",
                "zákazník věděl, že mluví s AI",
            ),
            note="Opora, smyšlený případ: 61 % chatů skončí bez člověka, vyřešeno 44 %",
        ),
        (
            h("Tak kde to selhává?"),
            g(
                "Ve chvílích, kdy zákazník čeká pochopení. Představte si, že Petra volá, protože jí "
                "pojišťovna krátí plnění a ona nerozumí proč."
            ),
            g(
                "Chatbot, který jí potřetí pošle odkaz na pojistné podmínky, konverzaci sice vyřídí, "
                "ale problém nevyřeší."
            ),
            h("To je rozdíl, o kterém se moc nemluví."),
            g(
                "A měl by. Řada firem měří, kolik konverzací chatbot udrží bez člověka. Anglicky se "
                "tomu říká containment."
            ),
            g(
                "Jenže udržená konverzace není vyřešený problém. Když zákaznice po chatu stejně "
                "zavolá na linku, firma zaplatila dvakrát a ona ztratila čas."
            ),
            g(
                "V Opoře, tedy v našem smyšleném případu, ukončí chatový asistent 61 % konverzací "
                "bez člověka. Skutečně vyřešený dotaz je ale jen ve 44 % chatů."
            ),
            g(
                "Proto vedle udržených konverzací sledujte, kolik lidí se během několika dnů ozve "
                "znovu se stejnou věcí."
            ),
        ),
    ),
    Scene(
        Slide(
            "Kde AI selhává",
            "Tři pravidla pro AI v péči",
            (
                "Empatie a výjimky patří člověku",
                "Předání člověku jedním krokem, i s kontextem",
                "Zákazník ví, že mluví s AI",
            ),
            note="Povinnost informovat: nařízení (EU) 2024/1689 o umělé inteligenci, čl. 50",
        ),
        (
            h("Co dalšího?"),
            g(
                "Předání člověku. Zákazník musí mít snadnou cestu k živému operátorovi a operátor "
                "musí vidět, co už zákazník chatbotu napsal."
            ),
            g("Nic nerozčílí víc, než když číslo smlouvy opakujete potřetí."),
            g("A třetí věc je poctivost. Zákazník má vědět, že mluví se strojem."),
            g(
                "Evropské nařízení o umělé inteligenci, číslo 2024/1689, to v článku padesát ukládá "
                "jako povinnost. Platí od 2. srpna 2026."
            ),
            h(
                "Takže chatbot, který se tváří jako člověk, je dnes nejen neslušný, ale i v rozporu "
                "s pravidly."
            ),
            g(
                "Opora to řeší jednoduše. Asistent se hned v první zprávě představí jako automatický "
                "a při zmínce o zranění nebo při silných emocích předá konverzaci člověku."
            ),
        ),
    ),
    Scene(
        Slide(
            "Tichý zákazník",
            "Tichý zákazník",
            (
                "Méně stížností ještě neznamená spokojenost",
                "Tichý zákazník odejde bez varování",
                "Poslouchejte chování: odchody z formuláře, návraty, telefonáty",
                "Ptejte se hned v kontaktním bodě, krátce",
                "Uzavřete smyčku: řekněte, co jste změnili",
            ),
        ),
        (
            h(
                "Přejděme ke zpětné vazbě. Firmy často měří spokojenost počtem stížností a reklamací. "
                "Když jich ubývá, slaví."
            ),
            g(
                "A to je nebezpečné. Zákazníci dnes dávají zpětnou vazbu stále méně, a ne proto, že "
                "by byli spokojenější."
            ),
            g(
                "Z praxe znám tři časté důvody. Dotazníků je všude tolik, že je lidé přestali "
                "vyplňovat."
            ),
            g(
                "Nevěří, že by se po jejich odpovědi něco změnilo. A stížnost je pro ně větší námaha "
                "než prostě odejít."
            ),
            h("Takže tichý zákazník."),
            g(
                "Přesně. Kdo si stěžuje, ten vám aspoň řekne, co je špatně. Tichý zákazník odejde "
                "a vy se to dozvíte až z poklesu tržeb, obnov smluv nebo doporučení."
            ),
            h("Jak ho tedy slyšet?"),
            g(
                "Kombinací dvou zdrojů. Zaprvé krátkou otázkou přímo v kontaktním bodě, hned po "
                "kroku, ne za měsíc e-mailem."
            ),
            g(
                "Zadruhé chováním. Kde lidé opouštějí formulář, kdy se vracejí na stejnou stránku, "
                "kdy volají."
            ),
            h("A když už zákazník zpětnou vazbu dá?"),
            g(
                "Pak mu odpovězte. Uzavřít smyčku znamená říct: slyšeli jsme vás a tohle jsme "
                "změnili. Zákazník se tak naučí, že mluvit se vyplatí."
            ),
        ),
    ),
    Scene(
        Slide(
            "Důvěra z malých zkušeností",
            "Petra po odeslání hlášení",
            kind="flow",
            points=("SMS „Škoda přijata“", "dva pracovní dny ticha", "31 % klientů volá na linku"),
            note="Čísla: smyšlený příklad Opory z kurzu Mapování zákaznických cest",
        ),
        (
            h("Vraťme se k důvěře. Co ji buduje?"),
            g("Ne jeden velký okamžik, ale opakování drobných, konzistentních zkušeností."),
            g(
                "Slíbili jsme, že se ozveme do dvou dnů, a ozvali jsme se. Web říká totéž co "
                "operátor. Když jsme udělali chybu, přiznali jsme ji a omluvili se."
            ),
            g(
                "Každá taková maličkost je jedna cihla. A jeden nedodržený slib jich umí pár zbořit "
                "najednou."
            ),
            h("Máte příklad z Opory?"),
            g(
                "Po odeslání hlášení dostane Petra SMS „Škoda přijata“. Pak dva pracovní dny nic, "
                "protože se teprve přiděluje likvidátor."
            ),
            g(
                "Nikdo nic neslíbil, ale Petra si ticho vyloží po svém: pojišťovna hledá důvod, "
                "proč nezaplatit."
            ),
            g(
                "V příkladu z kurzu Mapování zákaznických cest v tomhle kroku volá na linku 31 % "
                "klientů, i když si písemně nikdo nestěžoval."
            ),
        ),
    ),
    Scene(
        Slide(
            "Důvěra z malých zkušeností",
            "Jedna věta navíc",
            kind="columns",
            labels=("Dnes", "Po změně"),
            points=(
                "„Škoda přijata.“",
                "kdo a kdy se ozve: nikdo neví",
                "nejistota, telefonát na linku",
            ),
            right=(
                "„Škodu řeší likvidátor, ozve se do dvou pracovních dnů.“",
                "co si připravit: fotky, technický průkaz",
                "slib, který proces umí dodržet",
            ),
        ),
        (
            h("A co s tím?"),
            g("Stačí jedna věta navíc. Kdo se ozve, kdy a co bude Petra potřebovat."),
            g(
                "Jen pozor, slib musí odpovídat tomu, co proces opravdu zvládne. Slib na webu nesmí "
                "být rychlejší než práce za ním."
            ),
            h("Takže důvěra je hlavně o komunikaci?"),
            g("O komunikaci, která říká pravdu o tom, co firma umí dodat. A pak to dodá."),
        ),
    ),
    Scene(
        Slide(
            "Zákaznická cesta jako živý nástroj",
            "Zákaznická cesta jako živý nástroj",
            (
                "Spojuje data, výzkum a realitu první linie",
                "Front-stage, back-stage a komunikační vrstva na jednom místě",
                "U každého kroku ukazatel s odkazem na živá data",
                "Vracíte se k ní po každé změně služby",
            ),
        ),
        (
            h("Tím se dostáváme k zákaznické cestě."),
            g(
                "Bez pohledu na celou cestu firmy vylepšují kousky: oddělení, kanály, technologie. "
                "Každý kousek vypadá v reportu dobře a zákazník jako celek přitom uniká."
            ),
            g(
                "Mapa cesty ukáže, co zákazník vidí, co se děje za oponou a co mu v každém kroku "
                "říkáme."
            ),
            h("A proč živý nástroj?"),
            g(
                "Protože jednorázový diagram za pár týdnů zastará. Živá mapa má u každého kroku "
                "ukazatel s odkazem na aktuální data."
            ),
            g("Doplňuje se o výsledky výzkumu a vracíte se k ní po každé změně služby."),
            h("Kde v ní najdu místo pro umělou inteligenci?"),
            g(
                "Projděte mapu krok za krokem a u každého se zeptejte: jde tu o rutinu, nebo "
                "o emoce?"
            ),
            g(
                "Rutinu můžete svěřit stroji. Kde je zákazník ve stresu nebo v nejistotě, tam patří "
                "člověk, nebo aspoň snadná cesta k němu."
            ),
        ),
    ),
    Scene(
        Slide(
            "Od zjištění ke zlepšení",
            "Od zjištění ke zlepšení",
            (
                "Seřaďte nálezy podle dopadu na dohodnuté KPI a podle náročnosti",
                "Z nejlepšího udělejte hypotézu",
                "Ověřte ji v malém, s kontrolní skupinou",
                "Začněte jednou či dvěma situacemi",
                "Každá změna má vlastníka",
            ),
            note="Ověření na jedné či dvou situacích: odborný článek o web engagementu (zdroj akademie)",
        ),
        (
            h("Řekněme, že mapu máme a víme, kde to drhne. Co dál?"),
            g(
                "Nezlepšovat všechno najednou. Seřaďte nálezy podle dopadu na ukazatele, na kterých "
                "jste se dohodli, a podle náročnosti."
            ),
            g(
                "Z toho nejlepšího udělejte hypotézu. Když Petře po odeslání hlášení napíšeme, kdo "
                "se jí ozve a kdy, bude na linku volat méně klientů."
            ),
            g("A tu hypotézu ověřte v malém, s kontrolní skupinou, která zprávu nedostane."),
            h("V malém je důležité slovo."),
            g(
                "Velmi. Odborný článek o proaktivní komunikaci na webu radí začít ověřením na jedné "
                "či dvou situacích a teprve potom rozšiřovat."
            ),
            g(
                "A každá změna potřebuje vlastníka. Konkrétního člověka, který za ni odpovídá a ví, "
                "podle kterého čísla pozná úspěch."
            ),
        ),
    ),
    Scene(
        Slide(
            "Co si odnést",
            "Co si odnést",
            (
                "Rutinu stroji, emoce člověku, a vždy říct, kdo mluví",
                "Ticho neznamená spokojenost",
                "Důvěra se skládá z dodržených slibů",
                "Zákaznická cesta se používá, nevisí na zdi",
                "Pokračování: kurzy CX akademie",
            ),
        ),
        (
            h("Na závěr. Co si má posluchač odnést?"),
            g(
                "Čtyři věty. Rutinu svěřte stroji, emoce člověku a zákazníkovi vždy řekněte, s kým "
                "mluví."
            ),
            g(
                "Ticho neznamená spokojenost. Důvěra se skládá z dodržených slibů. A zákaznická "
                "cesta je nástroj, který se používá, ne plakát na zdi."
            ),
            h(
                "A otázka, kterou si může položit každý z vás. Kdybyste se dnes zeptali svých "
                "zákazníků, proč vám věří, co by odpověděli?"
            ),
            g("A kdyby neodpověděli vůbec, je to také odpověď."),
            h(
                "Na tento záznam navazuje CX akademie. Kurzy o mapování zákaznických cest, výzkumu "
                "a zpětné vazbě, práci s daty a o tom, jak od zjištění dojít ke zlepšení."
            ),
            h("Děkujeme za pozornost."),
        ),
    ),
)


def spoken(text: str) -> str:
    """The caption text as the voice should read it (acronyms spelled, numbers in words)."""
    for written, said in sorted(SPOKEN.items(), key=lambda item: -len(item[0])):
        text = replace_word(text, written, said)
    return text


def replace_word(text: str, written: str, said: str) -> str:
    return re.sub(rf"(?<!\w){re.escape(written)}(?!\w)", said, text)

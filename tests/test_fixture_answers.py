"""The fixtures end to end: template.docx understood, every inbox form's answers exactly.

The expected data below is written out literally from fixtures/README.md and the fixture
builder's data (build_fixtures.py): committee, metadata as typed, and per question the
status, flags and answer paragraphs.
"""
# ruff: noqa: E501

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import build_fixtures  # fixtures/ is on sys.path (conftest.py)
import pytest

from docxmerge.answers.expected import expected_from_rows
from docxmerge.answers.form import match_form
from docxmerge.answers.respondents import assign, fold_marks
from docxmerge.answers.template import derive_template
from docxmerge.docx.list_file import text_rows
from docxmerge.docx.reader import read_docx
from docxmerge.model import Document, FileInfo, FormAnswers, Image, Response, Run, Template

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
INBOX = FIXTURES / "inbox"
LABELS = ("Nämnd", "Kontaktperson för eventuella frågor", "Telefon", "E-post")


@dataclass(frozen=True)
class Form:
    committee: str
    modified: str
    fields: tuple[str, str, str, str]  # in LABELS order, "" where the placeholder was left
    answers: dict[
        str, tuple[str, tuple[str, ...], tuple[str, ...]]
    ]  # id -> status, flags, paragraphs


@cache
def template() -> Template:
    return derive_template(read_docx(FIXTURES / "template.docx"))


@cache
def document(name: str) -> Document:
    return read_docx(INBOX / name)


@cache
def matched(name: str) -> FormAnswers:
    return match_form(document(name), template(), file=name)


# --------------------------------------------------------------------------- the template


def test_template_questions() -> None:
    rows = [(q.id, q.section_id, q.text, q.slot) for q in template().questions]
    assert rows == [
        (
            "1.1",
            "1",
            "Beskriv samverkan med det lokala näringslivet inom stadsdelsnämndens geografiska område.",
            "control",
        ),
        ("1.2", "1", 'Beskriv nämndens arbete med "Växla upp Stockholm"', "control"),
        (
            "2.1",
            "2",
            "Hur sker samverkan med socialnämnden, rättsvårdande myndigheter och skatteverket i arbetet mot den svarta ekonomin och organiserad brottslighet i näringslivet?",
            "control",
        ),
        (
            "3.1",
            "3",
            "Beskriv nämndens arbete med att utveckla stadens renodlade verksamhetsområden med hänsyn till näringslivet, beskriv också eventuell samverkan med andra nämnder och bolag i det arbetet.",
            "control",
        ),
        (
            "3.2",
            "3",
            "Hur samverkar och utvecklar nämnden arbetet med platssamverkan och platsaktivering på prioriterade platser eller områden för att skapa en trygg närmiljö för det lokala näringslivet?",
            "control",
        ),
        (
            "3.3",
            "3",
            "Hur samverkar nämnden för att underlätta för närvaron av kultur i det offentliga rummet?",
            "control",
        ),
        (
            "3.4",
            "3",
            "Hur sker samarbetet med att bistå i Stockholm Business Region ABs och arbetsmarknadsnämndens arbete för ökad hållbar tillväxt och företagande inom stadsdelens geografiska område?",
            "control",
        ),
        (
            "3.5",
            "3",
            "Hur sker samarbetet med Stockholm Business Region AB att stärka dialogen med företag och branscher om deras behov och hinder för tillväxt?",
            "control",
        ),
        ("4.1", "4", "Övriga upplysningar", "control"),
    ]
    assert [(s.id, s.title) for s in template().sections] == [
        ("1", "1. Stimulera tillväxt och företagsamhet"),
        ("2", "2. Förbättra service, tillgänglighet och myndighetsutövning"),
        ("3", "3. Attraktivare miljöer och bättre framkomlighet"),
        ("4", "Övriga upplysningar"),
    ]


def test_template_fields_title_instructions_prompts() -> None:
    t = template()
    assert [(f.label, f.control_tag, f.control_alias) for f in t.fields] == [
        ("Nämnd", "namnd", "Nämnd"),
        (
            "Kontaktperson för eventuella frågor",
            "kontaktperson",
            "Kontaktperson för eventuella frågor",
        ),
        ("Telefon", "telefon", "Telefon"),
        ("E-post", "epost", "E-post"),
    ]
    assert t.title == "UPPFÖLJNINGSRAPPORT NÄRINGSLIV"
    assert t.language == "sv-SE"
    assert t.prompts == ("Klicka här för att ange text.",)
    assert t.instructions[0] == "UPPFÖLJNINGSRAPPORT NÄRINGSLIV"
    assert t.instructions[2:4] == (
        "Uppföljning av direktiv och aktiviteter med näringslivskoppling i budget 2022",
        "Beskrivning (mål och syfte)",
    )
    assert t.instructions[4].endswith("i textrutorna (klicka här för att ange text).")
    assert len(t.instructions) == 5


# --------------------------------------------------------------------------- every form


EXPECTED: dict[str, Form] = {
    "Enskede-Årsta-Vantör T2 2022.docx": Form(
        committee="Enskede-Årsta-Vantörs stadsdelsnämnd",
        modified="2022-09-08T13:05:00Z",
        fields=(
            "Enskede-Årsta-Vantörs stadsdelsnämnd",
            "Kersti Tagesson",
            "0850814317",
            "kersti.tagesson@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "En viktig samverkansyta är verklighetslabbet som är en test- och innovationsverksamhet som ägs av Enskede-Årsta-Vantörs stadsdelsförvaltning och drivs av Social omsorg äldre. Som innovatör/entreprenör inom området finns möjlighet att utveckla koncept och produkter i verksamhetsnära miljö tillsammans med aktuella målgrupper.",
                    "Förvaltningen har under året utarbetat en rutin för vilket underlag som ska kommuniceras när en privat förskoleaktör kontaktar förvaltningen med intresse för att etablera sig i stadsdelsområdet.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                (
                    'Förvaltningen har under året deltagit i en pilot som handlar om att ta fram ett lokalt kunskapsunderlag som ska vara till nytta för att utveckla näringslivsarbetet och för stadens arbete med att "Växla upp Stockholm".',
                ),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Inom upphandling och inköp har förvaltningen arbetat aktivt med att förhindra och förebygga välfärdsbrott, dels genom noggranna kontroller i samband med att upphandlingar genomförs som en del av kvalificeringsfasen, men även genom tydliga avtalsvillkor som ger förvaltningen möjlighet att genomföra fördjupade kontroller av bland annat arbetsrättsliga villkor.",
                    "I juni startade det stadsövergripande projektet Välfärdsbrott inom lokalvård där förvaltningen är projektägare. Projektet omfattar förvaltningens gemensamma avtal med Farsta och Skarpnäcks stadsdelsförvaltningar samt utbildningsförvaltningens avtal inom lokalvård. Fokus ligger på avtalsuppföljning och hur det kan användas för att upptäcka välfärdsbrott samt höja kvaliteten i tjänstens utförande.",
                    "Förvaltningen har även deltagit i kategoriarbetet för lokalvård och park där man har ett nära samarbete med den nyligen inrättade enheten för välfärdsbrott på stadsledningskontoret. Syftet är att få in fler seriösa entreprenörer.",
                    "Beställarenheten för socialpsykiatri och funktionsnedsättning inom avdelningen Social omsorg vuxen har under våren haft en samverkansträff med Försäkringskassan där Försäkringskassan delade med sig av kunskap och metoder för att hindra felaktiga utbetalningar för personlig assistans. Enheten har även tagit fram en rutin för att förhindra fusk med assistans. På enheten tillämpas även de nya reglerna om folkbokföring, som innebär att underrätta Skatteverket om en person är felaktigt folkbokförd. Under hösten har verksamheten bistått socialförvaltningen med en representant till en arbetsgrupp som arbetar med att ta fram riktlinjer för att motverka fusk i assistansärenden.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Förvaltningen har under året haft dialog med företagare i både Högdalens industriområde och Årsta Partihallar i frågor som förvaltningen ansvarar för, framförallt drift- och trygghetsfrågor.",
                ),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Förvaltningen arbetar kontinuerligt för att drift och underhåll av offentliga miljöer ska bidra till att företag trivs i stadsdelsområdet.",
                    "Aktiviteter/verksamheter som bidrar till detta:",
                    "Platssamverkan Rågsved och Östberga",
                    "Trygghetsvandringar",
                    "Daglig bevakning av synpunkter och felanmälningar",
                    "Bevakar detaljplaners utformning av nya stadsdelar och offentliga miljöer.",
                    "Inom ramen för platssamverkan är näringslivet främst representerad av fastighetsbolag. Under året har samverkan stärkts i Rågsved genom en bättre samordning kring städning av offentliga ytor.",
                    "Förvaltningen ordnar både egna trygghetsvandringar och deltar i trygghetsvandringar som arrangeras av kommunala och privata fastighetsbolag. En god platssamverkan gynnar alla företagare som är verksamma i området. Inom ramen för platssamverkan Rågsved sker en rad aktiviteter med fokus på skötsel av de offentliga miljöerna där ett flertal kommunala aktörer har ansvar, samt samverkan med polisen kring narkotikahantering och kriminalitet i området.",
                    "Ibland uppstår samverkansbehov av mer tillfällig karaktär, till exempel i lokala centrum.",
                    "Förvaltningen har under året tagit fram en struktur för situationsanpassad samverkan. En sådan struktur kan ge positiva effekter för tryggheten även på platser som inte har en formell platssamverkan.",
                    "Förvaltningen ger även underlag till polisen för deras prioriteringar av kamerapunkter. Även dessa återfinns i centrummiljöer.",
                    "Förvaltningen har bistått med underlag till ansökningar om förordnandeområden för de mobila ordningsvakterna. Samtliga förordnandeområden som idag finns inom stadsdelsområdet (sex stycken) är i centrummiljöer och bidrar där till trygghet för de lokala näringsidkarna.",
                    "Detaljplaner inom stadsdelsområdet som är ute på samråd granskas alltid av förvaltningen. Konsekvenserna av planförslag analyseras utifrån olika perspektiv, så som tillgänglighet, barnperspektiv och jämställdhet. Frågor som rör drift- och underhåll av parkmark är viktiga att bevaka i detaljplaneprocessen, för att motverka att otrygga platser uppstår.",
                ),
            ),
            "3.3": (
                "answered",
                (),
                (
                    "I enlighet med budgetuppdrag samarbetar förvaltningen med kulturutövare för att utveckla en kulturplats i Snösätra. Under sommaren genomfördes en popupverksamhet i Snösätra, vilken inleddes med SpringBeast mellan den 26 och 29 maj. Trots regn var intresset stort för arrangemanget och de nya verk som uppfördes längs Snösätra gränd. Totalt engagerades 70 konstnärer varav flera är internationellt kända.",
                    "Även sommartorg har genomförts på torgen i Rågsved och Östberga där ett stort antal aktiviteter ägde rum under juni-augusti, där ett flertal bestod av kultur såsom föreställningar, prova-på-aktiviteter och utsmyckning av platsen i samarbete med kulturaktörer.",
                    "Inom ramen för stadsutvecklingsområdet Slakthusområdet bedrivs samarbetsprojektet Kulturplattformen. Det består av förvaltningar och bolag från staden samt fastighetsägare och kulturaktörer i området. Samarbetet syftar bland annat till att skapa goda förutsättningar för olika kulturaktörer och kulturnäringsar att verka i området, både under utbyggnadsperioden såväl som när området är färdigutbyggt. Förvaltningen har även genomfört en trygghetsvandring i området i januari tillsammans med polisen och fastighetsbolag.",
                    "Förvaltningen försöker också vara behjälplig i det löpande arbetet när kulturutövare hör av sig med frågor, det kan handla om lämpliga platser att vara på för kulturella evenemang, vilka tillstånd som behövs, samarbetspartners osv.",
                ),
            ),
            "3.4": (
                "answered",
                (),
                (
                    "Förvaltningen har, sedan projektet startade 2020, deltagit som representant för stadsdelarna i det stadsövergripande arbetet med utveckling och implementering av servicekedjor. Målet är att öka styrningen och samordningen inom staden vid etableringsförfrågningar för att uppnå ett bättre företagsklimat, hållbara investeringsnivåer, underlätta för privata etableringar och utöka antalet privata aktörer. Projektet leds av Stockholm Business Region tillsammans med exploateringsnämnden. Under 2022 har projektet fortsatt utveckla stadens etableringsservice bland annat genom olika samverkansforum med stadens förvaltningar. Inom ramen för projektet har även två stadsövergripande samverkansforum upprättats, Forum för portföljanslys samt Forum för mark- och byggfrågor. Förvaltningen deltar med en representant i Forum för portföljanslys.",
                ),
            ),
            "3.5": (
                "answered",
                (),
                (
                    "Förvaltningen har under våren deltagit i en nätverksträff med Stockholm Business Region. Fokus var på erfarenhetsutbyte när det gäller platssamverkan samt stadsdelsförvaltningarnas kommunikation med lokala företagare. Under hösten var det ytterligare två nätverksträffar, med bland annat fokus på trygghetsfrågor. Stockholm Business Region bjöd tillsammans med förvaltningen in till en dialog med företagare i Enskede-Årsta-Vantör i september, men mötet ställdes tyvärr in på grund av för få anmälningar.",
                ),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Farsta v1.docx": Form(
        committee="Farsta stadsdelsnämnd",
        modified="2022-09-05T14:12:00Z",
        fields=(
            "Farsta SDN",
            "Johan Ek",
            "08-508 18 000",
            "",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen har regelbundna möten med Farsta centrums företagarförening och fastighetsägaren.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                ("Förvaltningen har utsett en kontaktperson för Växla upp Stockholm.",),
            ),
            "2.1": ("placeholder", (), ()),
            "3.1": ("placeholder", (), ()),
            "3.2": ("placeholder", (), ()),
            "3.3": ("placeholder", (), ()),
            "3.4": ("placeholder", (), ()),
            "3.5": ("placeholder", (), ()),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Farsta v2 slutlig.docx": Form(
        committee="Farsta stadsdelsnämnd",
        modified="2022-09-12T09:40:00Z",
        fields=(
            "Farsta stadsdelsnämnd",
            "Johan Ek",
            "08-508 18 000",
            "johan.ek@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen har regelbundna möten med Farsta centrums företagarförening och fastighetsägaren.",
                    "Under hösten startade ett företagarnätverk i Hagsätra.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                ("Förvaltningen har utsett en kontaktperson för Växla upp Stockholm.",),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Förvaltningen samverkar med Skatteverket, polisen och socialförvaltningen i en gemensam grupp mot välfärdsbrott.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Förvaltningen har haft dialog med företagen i Larsboda om skötsel och belysning.",
                ),
            ),
            "3.2": (
                "answered",
                (),
                ("Platssamverkan Farsta centrum har fortsatt med fokus på trygghet kvällstid.",),
            ),
            "3.3": (
                "answered",
                (),
                ("Förvaltningen har stöttat sommarscenen på Farsta torg.",),
            ),
            "3.4": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i servicekedjan när företag vill etablera sig i stadsdelsområdet.",
                ),
            ),
            "3.5": (
                "answered",
                (),
                (
                    "Förvaltningen har deltagit i två nätverksträffar med Stockholm Business Region.",
                ),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Bromma stadsdelsnämnd T2.docx": Form(
        committee="Bromma stadsdelsnämnd",
        modified="2022-09-13T15:20:00Z",
        fields=(
            "Bromma stadsdelsnämnd",
            "Maria Holm",
            "08-508 06 000",
            "maria.holm@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Bromma företagarförening träffar förvaltningen en gång per kvartal.\nUnder våren hölls även ett frukostmöte med företagare i Ulvsunda.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i stadens nätverk för Växla upp Stockholm och har tagit fram en lokal handlingsplan.",
                ),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Samverkan sker i tre forum:",
                    "Lokal samverkansgrupp med polisen",
                    "Kontrollgrupp för serveringstillstånd med socialförvaltningen",
                    "Kontakter med Skatteverket vid misstanke om oseriösa aktörer",
                ),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Ulvsunda industriområde:\tdialogmöte i maj\nMariehälls företagspark:\ttrygghetsvandring i oktober",
                ),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Platssamverkan Brommaplan har fortsatt under året med fokus på städning och belysning.",
                ),
            ),
            "3.3": (
                "answered",
                (),
                ("Förvaltningen har upplåtit parkmark för sommarteater i Åkeshovs slottspark.",),
            ),
            "3.4": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i servicekedjan för etableringar. Senast avstämt: 2022-09-14.",
                ),
            ),
            "3.5": (
                "answered",
                (),
                (
                    "Två företagsträffar har hållits tillsammans med Stockholm Business Region, i Alvik och i Bromma Blocks.",
                ),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Hägersten-Älvsjö näringslivsrapport.docx": Form(
        committee="Hägersten-Älvsjö stadsdelsnämnd",
        modified="2022-09-10T11:00:00Z",
        fields=(
            "Hägersten-Älvsjö stadsdelsnämnd",
            "Lena Sjöberg",
            "08-508 20 000",
            "lena.sjoberg@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                ("outside_control",),
                (
                    "Förvaltningen har bjudit in företagare i Liljeholmen och Älvsjö till två dialogmöten.",
                    "Ett nyhetsbrev till lokala företag skickas ut fyra gånger per år.",
                ),
            ),
            "1.2": (
                "answered",
                ("outside_control",),
                ("Förvaltningen har deltagit i två workshoppar inom Växla upp Stockholm.",),
            ),
            "2.1": (
                "answered",
                ("outside_control",),
                (
                    "Samverkan sker främst i det lokala brottsförebyggande rådet där polisen deltar. Vid misstanke om ekonomisk brottslighet kontaktas Skatteverket.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Förvaltningen följer utvecklingen i Västberga industriområde och har haft dialog med fastighetsägarna där.",
                ),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Platssamverkan Fruängen har startat under året tillsammans med fastighetsägare och polisen.",
                ),
            ),
            "3.3": (
                "answered",
                (),
                (
                    "Förvaltningen har bidragit till gatukonst längs Hägerstensvägen och till en sommarscen i Aspudden.",
                ),
            ),
            "3.4": ("missing", (), ()),
            "3.5": (
                "answered",
                (),
                ("Förvaltningen har deltagit i en nätverksträff med Stockholm Business Region.",),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Hässelby-Vällingby SDN T2 2022.docx": Form(
        committee="Hässelby-Vällingby stadsdelsnämnd",
        modified="2022-09-09T08:30:00Z",
        fields=(
            "Hässelby-Vällingby stadsdelsnämnd",
            "Ahmed Karimi",
            "08-508 05 000",
            "ahmed.karimi@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen samverkar med företagarna i Vällingby centrum och vid Hässelby torg genom ett lokalt näringslivsråd.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                (
                    "Näringslivsrådet har under hösten tagit fram en gemensam aktivitetsplan inom Växla upp Stockholm.",
                ),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i stadens samverkansgrupp mot välfärdsbrott och har utbildat handläggare i att upptäcka oseriösa aktörer.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Förvaltningen har haft dialog med företagen i Johannelunds företagsområde om skötsel och trygghet.",
                ),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Platssamverkan och platsaktivering under året:",
                    "Plats",
                    "Aktivitet",
                    "Vällingby centrum",
                    "Trygghetsvandringar varje kvartal",
                    "Hässelby torg",
                    "Sommartorg med lokala föreningar",
                ),
            ),
            "3.3": (
                "answered",
                (),
                ("Kulturaktörer har fått använda Vällingby torg för sommarevenemang.",),
            ),
            "3.4": ("placeholder", (), ()),
            "3.5": (
                "answered",
                (),
                (
                    "Förvaltningen deltog i Stockholm Business Regions företagsfrukost i Vällingby i maj.",
                ),
            ),
            "4.1": (
                "answered",
                (),
                ("Rapporten är sammanställd av förvaltningens utvecklingsavdelning.",),
            ),
        },
    ),
    "Kungsholmen - uppföljning näringsliv.docx": Form(
        committee="Kungsholmens stadsdelsnämnd",
        modified="2022-09-11T16:45:00Z",
        fields=(
            "Kungsholmens stadsdelsnämnd",
            "Sofia Berg",
            "08-508 08 000",
            "sofia.berg@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen har ett nära samarbete med S:t Eriksområdets företagarförening och deltar i deras månadsmöten.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                (
                    "Förvaltningen har deltagit i stadens pilot för lokala kunskapsunderlag inom Växla upp Stockholm.",
                ),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Samverkan sker i den lokala samverkansgruppen med polisen och vid gemensamma tillsynsbesök med Skatteverket.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Stadsdelsområdet saknar renodlade verksamhetsområden, men förvaltningen följer planeringen av Stadshagen.",
                ),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Platssamverkan Fridhemsplan har pågått hela året med fokus på trygghet kring tunnelbanan.",
                ),
            ),
            "3.3": (
                "answered",
                (),
                (
                    "Förvaltningen har upplåtit Rålambshovsparken för flera kulturevenemang.",
                    "Kulturstråket Kungsholmen: 12 evenemang under sommaren.",
                ),
            ),
            "3.4": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i servicekedjan för etableringar och lämnar underlag om lediga lokaler.",
                ),
            ),
            "3.5": (
                "answered",
                (),
                (
                    "Förvaltningen har deltagit i två nätverksträffar med Stockholm Business Region.",
                ),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Norra innerstaden T2.docx": Form(
        committee="Norra innerstadens stadsdelsnämnd",
        modified="2022-09-09T13:10:00Z",
        fields=(
            "Norra innerstadens stadsdelsnämnd",
            "Peter Lund",
            "08-508 09 000",
            "peter.lund@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen har ett nätverk med citysamverkan och fastighetsägarna kring Hötorget.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                (
                    'Arbetet hänger ihop med frågan "Hur sker samarbetet med att bistå i Stockholm Business Region ABs och arbetsmarknadsnämndens arbete för ökad hållbar tillväxt och företagande inom stadsdelens geografiska område?" som besvaras nedan. Förvaltningen har en utsedd kontaktperson för Växla upp Stockholm.',
                ),
            ),
            "2.1": (
                "answered",
                ("out_of_order",),
                (
                    "Förvaltningen deltar i myndighetssamverkan i city tillsammans med polisen, Skatteverket och socialförvaltningen.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                ("Inga renodlade verksamhetsområden finns i stadsdelsområdet.",),
            ),
            "3.2": (
                "answered",
                (),
                ("Platssamverkan Hötorget och Odenplan har fortsatt med gemensamma städinsatser.",),
            ),
            "3.3": (
                "answered",
                ("placeholder_left",),
                ("Sommarscenen i Vasaparken genomfördes i samarbete med kulturförvaltningen.",),
            ),
            "3.4": (
                "answered",
                (),
                ("Förvaltningen lämnar underlag till servicekedjan vid etableringar i city.",),
            ),
            "3.5": ("placeholder", (), ()),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Järva SDN näringslivsrapport.docx": Form(
        committee="Järva stadsdelsnämnd",
        modified="2022-09-12T12:00:00Z",
        fields=(
            "Järva stadsdelsnämnd",
            "Amina Warsame",
            "08-508 01 000",
            "amina.warsame@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen samverkar med företagare i Rinkeby, Tensta och Kista genom en lokal näringslivsgrupp.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i Växla upp Stockholm med fokus på lokala arbetsgivare i Järva.",
                ),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Förvaltningen har gemensamma kontroller med polisen och Skatteverket i Kista centrum.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Förvaltningen har dialog med företagen i Kista företagsområde om trygghet och skötsel.",
                ),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Platssamverkan Tensta centrum och Rinkeby torg har fått fler aktörer under året.",
                ),
            ),
            "3.3": ("empty", (), ()),
            "3.4": ("empty", (), ()),
            "3.5": (
                "answered",
                (),
                (
                    "Förvaltningen och Stockholm Business Region har genomfört en företagsdialog i Kista.",
                ),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Skarpnäck_näringslivsrapport_T2.docx": Form(
        committee="Skarpnäcks stadsdelsnämnd",
        modified="2022-09-07T09:15:00Z",
        fields=(
            "Stadsdelsnämnden i Skarpnäck",
            "Karin Öberg",
            "08-508 15 000",
            "karin.oberg@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen har träffat företagare i Skarpnäcks centrum och Bagarmossen vid två tillfällen.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                ("Förvaltningen har deltagit i stadens nätverksmöten om Växla upp Stockholm.",),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i lokalvårdsprojektet mot välfärdsbrott tillsammans med Enskede-Årsta-Vantör och Farsta.",
                ),
            ),
            "3.1": (
                "answered",
                ("declined",),
                ("Ej aktuellt",),
            ),
            "3.2": (
                "answered",
                (),
                ("Platssamverkan Skarpnäcks centrum har startat under hösten.",),
            ),
            "3.3": (
                "answered",
                (),
                (
                    "Kulturhuset i Skarpnäck har fått hjälp med tillstånd för utomhusevenemang under sommaren.",
                ),
            ),
            "3.4": (
                "answered",
                (),
                (
                    "Förvaltningen bidrar med lokalkännedom i servicekedjan vid etableringsförfrågningar.",
                ),
            ),
            "3.5": (
                "answered",
                ("declined",),
                ("-",),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Skärholmen T2 2022.docx": Form(
        committee="Skärholmens stadsdelsnämnd",
        modified="2022-09-06T10:20:00Z",
        fields=(
            "Skärholmens stadsdelsnämnd",
            "Nils Strand",
            "",
            "",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen samverkar med Skärholmens centrum och Kungens kurva företagarförening.",
                ),
            ),
            "1.2": ("placeholder", (), ()),
            "2.1": ("placeholder", (), ()),
            "3.1": ("placeholder", (), ()),
            "3.2": ("placeholder", (), ()),
            "3.3": ("placeholder", (), ()),
            "3.4": ("placeholder", (), ()),
            "3.5": ("placeholder", (), ()),
            "4.1": ("placeholder", (), ()),
        },
    ),
    "Södermalm SDN - näringslivsrapport.docx": Form(
        committee="Södermalms stadsdelsnämnd",
        modified="2022-09-13T08:05:00Z",
        fields=(
            "Södermalms stadsdelsnämnd",
            "Eva Lind",
            "08-508 12 000",
            "eva.lind@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                (),
                (
                    "Förvaltningen har löpande kontakt med företagarföreningarna på Götgatan och i Hornstull.",
                ),
            ),
            "1.2": (
                "answered",
                (),
                (
                    "Förvaltningen deltar i arbetet med Växla upp Stockholm genom stadsdelsnätverket.",
                ),
            ),
            "2.1": (
                "answered",
                (),
                (
                    "Samverkan sker i den lokala samverkansgruppen där polisen, Skatteverket och socialtjänsten deltar.",
                ),
            ),
            "3.1": (
                "answered",
                (),
                ("Stadsdelsområdet saknar renodlade verksamhetsområden.",),
            ),
            "3.2": (
                "answered",
                (),
                ("Platssamverkan Medborgarplatsen har fortsatt, med fokus på nattlivet.",),
            ),
            "3.3": (
                "answered",
                (),
                ("Förvaltningen har beviljat 14 upplåtelser av parkmark för kulturevenemang.",),
            ),
            "3.4": (
                "answered",
                (),
                ("Förvaltningen deltar i servicekedjan vid behov.",),
            ),
            "3.5": (
                "answered",
                ("edited_heading",),
                (
                    "Dialog med företag har skett vid två frukostmöten tillsammans med Stockholm Business Region.",
                ),
            ),
            "4.1": (
                "answered",
                (),
                ("Inga övriga upplysningar.",),
            ),
        },
    ),
    "Exploateringsnämnden T2 2022.docx": Form(
        committee="Exploateringsnämnden",
        modified="2022-09-14T07:50:00Z",
        fields=(
            "Exploateringsnämnden",
            "Olof Wikström",
            "08-508 27 000",
            "olof.wikstrom@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                ("declined",),
                ("Ej aktuellt",),
            ),
            "1.2": (
                "answered",
                (),
                (
                    "Exploateringskontoret bidrar till Växla upp Stockholm genom markanvisningar som ger utrymme för verksamhetslokaler.",
                ),
            ),
            "2.1": (
                "answered",
                ("declined",),
                ("Ej aktuellt.",),
            ),
            "3.1": (
                "answered",
                (),
                (
                    "Nämnden säkerställer mark för verksamheter i bland annat Larsboda och Söderstaden.",
                    "Samverkan sker med stadsbyggnadsnämnden och trafiknämnden i gemensamma projektorganisationer.",
                ),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Exploateringskontoret deltar i platssamverkan där nämnden är markägare, bland annat i Slakthusområdet.",
                ),
            ),
            "3.3": (
                "answered",
                (),
                (
                    "Tillfälliga upplåtelser av mark till kulturaktörer görs i utvecklingsområden, till exempel i Slakthusområdet.",
                ),
            ),
            "3.4": (
                "answered",
                (),
                (
                    "Nämnden leder servicekedjan för etableringar tillsammans med Stockholm Business Region.",
                ),
            ),
            "3.5": (
                "answered",
                (),
                (
                    "Dialog med näringslivet sker i etableringsforum och i samband med markanvisningar.",
                ),
            ),
            "4.1": ("empty", (), ()),
        },
    ),
    "Kulturnämnden_T2_2022.docx": Form(
        committee="Kulturnämnden",
        modified="2022-09-15T14:30:00Z",
        fields=(
            "Kulturnämnden",
            "Hanna Ström",
            "08-508 31 000",
            "hanna.strom@stockholm.se",
        ),
        answers={
            "1.1": (
                "answered",
                ("declined",),
                ("-",),
            ),
            "1.2": (
                "answered",
                (),
                (
                    "Kulturförvaltningen bidrar till Växla upp Stockholm genom stöd till kulturella och kreativa näringar.",
                ),
            ),
            "2.1": (
                "answered",
                ("declined",),
                ("-",),
            ),
            "3.1": (
                "answered",
                ("declined",),
                ("-",),
            ),
            "3.2": (
                "answered",
                (),
                (
                    "Kulturförvaltningen deltar i platsaktivering genom konst i det offentliga rummet.",
                ),
            ),
            "3.3": (
                "answered",
                (),
                ("Programmet finns på kulturförvaltningens webbplats.",),
            ),
            "3.4": (
                "answered",
                ("declined",),
                ("Ej aktuellt",),
            ),
            "3.5": (
                "answered",
                (),
                ("Dialogen med kulturföretag sker i ett branschråd två gånger per år.",),
            ),
            "4.1": ("placeholder", (), ()),
        },
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_form_fields(name: str) -> None:
    assert matched(name).fields == dict(zip(LABELS, EXPECTED[name].fields, strict=True))


# Heading scores below 100 (0-100): only a real typo costs anything, since the match key
# already ignores case, quotes, punctuation and no-break spaces. A missing question has none.
SCORE_BANDS: dict[tuple[str, str], tuple[float, float]] = {
    ("Hägersten-Älvsjö näringslivsrapport.docx", "3.3"): (90.0, 99.9),  # 'rumet' for 'rummet'
    ("Södermalm SDN - näringslivsrapport.docx", "3.5"): (90.0, 99.9),  # 'och branscher' deleted
}


def _score_band(name: str, qid: str, status: str) -> tuple[float, float] | None:
    if status == "missing":
        return None
    return SCORE_BANDS.get((name, qid), (100.0, 100.0))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_form_answers(name: str) -> None:
    got = {a.question_id: a for a in matched(name).answers}
    assert list(got) == ["1.1", "1.2", "2.1", "3.1", "3.2", "3.3", "3.4", "3.5", "4.1"]
    for qid, (status, flags, paragraphs) in EXPECTED[name].answers.items():
        answer = got[qid]
        # Flags exact: README.md leaves low_match open for edited headings, but none of these
        # headings is edited enough to be doubted, so low_match must not appear anywhere.
        assert (qid, answer.status, sorted(answer.flags), answer.text) == (
            qid,
            status,
            sorted(flags),
            "\n".join(paragraphs),
        )
        band = _score_band(name, qid, status)
        if band is None:
            assert answer.score is None, qid
        else:
            assert answer.score is not None, qid
            assert band[0] <= answer.score <= band[1], (qid, answer.score)


# Every message the match stage gives for the fixtures (README.md: outside_control for
# Hägersten's 1.1, 1.2, 2.1; Norra innerstaden's section 2 out of order; Södermalm's 3.5
# question narrowed; Norra innerstaden's 3.3 prompt left beside the answer). Quotes, case, a
# trailing colon and a one-letter typo (Järva 1.2, Skärholmen 1.2, Kungsholmen 3.4, Skarpnäck
# 1.1, Hägersten 3.3) give no message.
MESSAGES = [
    ("Hägersten-Älvsjö näringslivsrapport.docx", "question 1.1", "outside_control"),
    ("Hägersten-Älvsjö näringslivsrapport.docx", "question 1.2", "outside_control"),
    ("Hägersten-Älvsjö näringslivsrapport.docx", "question 2.1", "outside_control"),
    ("Norra innerstaden T2.docx", "question 2.1", "out_of_order"),
    ("Norra innerstaden T2.docx", "question 3.3", "placeholder_left"),
    ("Södermalm SDN - näringslivsrapport.docx", "question 3.5", "edited_heading"),
]


def test_messages_are_exactly_the_documented_ones() -> None:
    found = [
        (m.file, m.location, m.code) for name in sorted(EXPECTED) for m in matched(name).messages
    ]
    assert found == MESSAGES


def test_answer_blocks_keep_pictures_and_links() -> None:
    culture = {a.question_id: a for a in matched("Kulturnämnden_T2_2022.docx").answers}
    assert any(r.image is not None for b in culture["3.3"].blocks for r in b.runs)
    bromma = {a.question_id: a for a in matched("Bromma stadsdelsnämnd T2.docx").answers}
    assert any(r.link for b in bromma["1.2"].blocks for r in b.runs)
    assert all(not r.placeholder for a in bromma.values() for b in a.blocks for r in b.runs)
    # Exact runs, as build_fixtures.py writes them.
    assert [b.runs for b in bromma["1.2"].blocks] == [
        (
            Run("Förvaltningen deltar i stadens nätverk för "),
            Run("Växla upp Stockholm", underline=True, link="https://start.stockholm/vaxla-upp"),
            Run(" och har tagit fram en lokal handlingsplan."),
        )
    ]
    link_paragraph, picture_paragraph = culture["3.3"].blocks
    assert link_paragraph.runs == (
        Run("Programmet finns på "),
        Run(  # the HYPERLINK field's result, linked to its instruction's URL
            "kulturförvaltningens webbplats",
            link="https://kulturforvaltningen.stockholm/offentlig-konst",
        ),
        Run("."),
    )
    (picture,) = picture_paragraph.runs
    # 1463040 x 731520 EMU as written; the fixture's wp:docPr has no descr, so "" is right.
    assert picture == Run(
        "", image=Image("image/png", build_fixtures.tiny_png(), 1463040, 731520, "")
    )


def _responses() -> list[Response]:
    responses = []
    for name in sorted(EXPECTED):
        form = matched(name)
        info = FileInfo(name, 1, "2022-09-20T00:00:00+00:00", "sha of " + name)
        responses.append(
            Response(
                info,
                "read",
                respondent=form.respondent,
                fields=form.fields,
                answers=form.answers,
                document_modified=document(name).properties.modified,
            )
        )
    return responses


def test_core_modified_dates_are_read() -> None:
    for name, form in EXPECTED.items():
        assert document(name).properties.modified == form.modified


def test_respondents_without_expected_list() -> None:
    named, missing, messages = assign(_responses(), [], "sv")
    by_file = {r.file.name: r for r in named}
    assert by_file["Farsta v1.docx"].status == "superseded"
    assert by_file["Farsta v1.docx"].superseded_by == "Farsta v2 slutlig.docx"
    assert by_file["Farsta v1.docx"].respondent == "Farsta stadsdelsnämnd"  # not "Farsta SDN"
    assert [r.file.name for r in named if r.status == "superseded"] == ["Farsta v1.docx"]
    assert (
        by_file["Skarpnäck_näringslivsrapport_T2.docx"].respondent == "Stadsdelsnämnden i Skarpnäck"
    )
    assert missing == [] and messages == []


def test_respondents_with_expected_list() -> None:
    committees = sorted({form.committee for form in EXPECTED.values()})
    csv_text = "namn;alias\n" + "\n".join(committees) + "\nIdrottsnämnden;Idrottsförvaltningen\n"
    named, missing, messages = assign(_responses(), expected_from_rows(text_rows(csv_text)), "sv")
    assert {r.file.name: r.respondent for r in named} == {
        name: form.committee for name, form in EXPECTED.items()
    }
    assert missing == ["Idrottsnämnden"]
    assert messages == []


def test_respondents_with_a_list_typed_without_diacritics() -> None:
    # The clerk's list typed on a keyboard without å, ä, ö: every committee is still found,
    # and the report shows the forms' own spelling, not the list's (Skarpnäck's form says
    # "Stadsdelsnämnden i Skarpnäck"; the list "Skarpnacks stadsdelsnamnd").
    committees = sorted({form.committee for form in EXPECTED.values()})
    csv_text = "\n".join(fold_marks(name) for name in committees)
    assert csv_text.isascii()
    named, missing, messages = assign(_responses(), expected_from_rows(text_rows(csv_text)), "sv")
    skarpnack = {"Skarpnäck_näringslivsrapport_T2.docx": "Stadsdelsnämnden i Skarpnäck"}
    assert {r.file.name: r.respondent for r in named} == {
        **{name: form.committee for name, form in EXPECTED.items()},
        **skarpnack,
    }
    assert missing == [] and messages == []

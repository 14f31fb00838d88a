"""The ontology, the SHACL shapes and the example queries (ontology/).

What is checked:
- diplomacy.ttl parses (rdflib and Oxigraph) and declares every term of
  shared/design.md and docs/rdf-mapping.md, with type, label, comment, hierarchy,
  alignments and disjointness;
- shapes.ttl is itself valid SHACL, uses only declared terms, accepts a small
  hand-made graph and rejects each kind of broken graph for the right reason;
- queries/*.rq carry their title/description header, parse in rdflib and
  Oxigraph, use only declared terms, and return the expected rows on the small
  graph in both engines (default graph = union of the named graphs).
"""

from __future__ import annotations

import re
from decimal import Decimal
from itertools import combinations
from pathlib import Path

import pyoxigraph as ox
import pytest
from pyshacl import validate
from pyshacl.entrypoints import meta_validate
from rdflib import Dataset, Graph, Literal, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SKOS
from rdflib.plugins.sparql import prepareQuery

# rdflib's own Dataset code calls a deprecated alias of itself on every union query.
pytestmark = pytest.mark.filterwarnings("ignore:Dataset.default_context is deprecated:DeprecationWarning")

ROOT = Path(__file__).resolve().parents[2]
ONTOLOGY_FILE = ROOT / "ontology" / "diplomacy.ttl"
SHAPES_FILE = ROOT / "ontology" / "shapes.ttl"
QUERY_DIR = ROOT / "ontology" / "queries"
MAPPING_DOC = ROOT / "docs" / "rdf-mapping.md"

# rdflib's XSD DefinedNamespace warns when pytest probes its attributes: use a plain one.
XSD = Namespace("http://www.w3.org/2001/XMLSchema#")
DIP_NS = "https://w3id.org/dipkg/ontology#"
DIP = Namespace(DIP_NS)
DIPSH = Namespace("https://w3id.org/dipkg/shapes#")
ID = Namespace("https://w3id.org/dipkg/id/")
SH = Namespace("http://www.w3.org/ns/shacl#")
SCHEMA = Namespace("https://schema.org/")
PLOVER = Namespace("https://github.com/openeventdata/PLOVER#")
ONTOLOGY_IRI = URIRef("https://w3id.org/dipkg/ontology")
DERIVED_IRI = URIRef("https://w3id.org/dipkg/derived")

# --- the terms shared/design.md fixes ------------------------------------------

ACTOR_CLASSES = {
    "Actor": None,
    "Country": "Actor",
    "Person": "Actor",
    "Organization": "Actor",
    "InternationalOrganization": "Organization",
    "GovernmentBody": "Organization",
    "MilitaryUnit": "Organization",
    "Place": None,
    "City": "Place",
    "Venue": "Place",
}
# event class -> (direct dip: superclass, PLOVER category or None, CAMEO root)
EVENT_CLASSES = {
    "Consultation": ("Event", "CONSULT", "04"),
    "Meeting": ("Consultation", "CONSULT", "04"),
    "Summit": ("Consultation", "CONSULT", "04"),
    "PhoneCall": ("Consultation", "CONSULT", "04"),
    "Visit": ("Consultation", "CONSULT", "04"),
    "Agreement": ("Event", "AGREE", "05"),
    "Statement": ("Event", None, "01"),
    "Support": ("Event", "SUPPORT", "05"),
    "Cooperation": ("Event", "COOPERATE", "06"),
    "Aid": ("Event", "AID", "07"),
    "Concession": ("Event", "CONCEDE", "08"),
    "Retreat": ("Event", "RETREAT", "08"),
    "Request": ("Event", "REQUEST", "02"),
    "Accusation": ("Event", "ACCUSE", "11"),
    "Rejection": ("Event", "REJECT", "12"),
    "Protest": ("Event", "PROTEST", "14"),
    "Threat": ("Event", "THREATEN", "13"),
    "Sanction": ("Event", "SANCTION", "16"),
    "Mobilization": ("Event", "MOBILIZE", "15"),
    "Coercion": ("Event", "COERCE", "17"),
    "Assault": ("Event", "ASSAULT", "18"),
}
CLASSES = set(ACTOR_CLASSES) | set(EVENT_CLASSES) | {"Event", "Article"}
OBJECT_PROPERTIES = {
    "participant", "initiator", "recipient", "location",
    "leaderOf", "memberOf", "partOf", "represents", "locatedIn", "mentions",
}
DATATYPE_PROPERTIES = {
    "date", "endDate", "evidence", "confidence", "status",
    "earliestDate", "latestDate", "trigger", "isoCode", "holdsPosition",
}
DECLARATION_TYPES = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty}

QUERY_NAMES = [
    "who-met-whom",
    "events-between-countries",
    "country-timeline",
    "most-active-actors",
    "events-at-place",
]

# --- a small graph, as the product writes it: one named graph per article ------

PREFIXES = """
@prefix dip:     <https://w3id.org/dipkg/ontology#> .
@prefix country: <https://w3id.org/dipkg/id/country/> .
@prefix person:  <https://w3id.org/dipkg/id/person/> .
@prefix org:     <https://w3id.org/dipkg/id/organization/> .
@prefix place:   <https://w3id.org/dipkg/id/place/> .
@prefix event:   <https://w3id.org/dipkg/id/event/> .
@prefix article: <https://w3id.org/dipkg/id/article/> .
@prefix rdfs:    <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos:    <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd:     <http://www.w3.org/2001/XMLSchema#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix prov:    <http://www.w3.org/ns/prov#> .
"""

# The seed article: one valid Meeting with every field, plus the other events it reports.
DOC_SEED = PREFIXES + """
article:seed a dip:Article ;
    dcterms:identifier "000_seed.txt" ;
    dcterms:date "2025-10-29"^^xsd:date ;
    dcterms:title "India and Russia hold Working Group meeting on military cooperation" ;
    dcterms:source "examples/000_seed.txt" ;
    dip:mentions country:IND , country:RUS , person:narendra-modi ,
        person:vladimir-putin , place:new-delhi , place:manekshaw-centre ,
        place:moscow , place:tianjin , org:shanghai-cooperation-organisation .

country:IND a dip:Country ; rdfs:label "India" ; skos:altLabel "Indian" ; dip:isoCode "IND" ;
    dip:memberOf org:shanghai-cooperation-organisation .
country:RUS a dip:Country ; rdfs:label "Russia" ; skos:altLabel "Russian" ; dip:isoCode "RUS" ;
    dip:memberOf org:shanghai-cooperation-organisation .
person:narendra-modi a dip:Person ; rdfs:label "Narendra Modi" ;
    skos:altLabel "Modi" , "PM Modi" ;
    dip:holdsPosition "Prime Minister" ;
    dip:leaderOf country:IND .
person:vladimir-putin a dip:Person ; rdfs:label "Vladimir Putin" ;
    skos:altLabel "Putin" , "President Putin" ;
    dip:holdsPosition "President" ;
    dip:leaderOf country:RUS .
org:shanghai-cooperation-organisation a dip:InternationalOrganization ;
    rdfs:label "Shanghai Cooperation Organisation" ; skos:altLabel "SCO" .
place:new-delhi a dip:City ; rdfs:label "New Delhi" ; skos:altLabel "Delhi" ;
    dip:locatedIn country:IND .
place:manekshaw-centre a dip:Venue ; rdfs:label "Manekshaw Centre" ;
    dip:locatedIn place:new-delhi .
place:moscow a dip:City ; rdfs:label "Moscow" ; dip:locatedIn country:RUS .
place:tianjin a dip:City ; rdfs:label "Tianjin" .

event:working-group a dip:Meeting ;
    dip:participant country:IND , country:RUS ;
    dip:location place:manekshaw-centre ;
    dip:date "2025-10-29"^^xsd:date ;
    dip:earliestDate "2025-10-29"^^xsd:date ;
    dip:latestDate "2025-10-29"^^xsd:date ;
    dip:evidence "India and Russia held the fifth Meeting of the Working Group on Military Cooperation in New Delhi on Wednesday." ;
    dip:trigger "held" ;
    dip:confidence 0.9 ;
    dip:status "happened" ;
    prov:wasDerivedFrom article:seed .

event:phone-call a dip:PhoneCall ;
    dip:participant person:narendra-modi , person:vladimir-putin ;
    dip:initiator person:narendra-modi ;
    dip:recipient person:vladimir-putin ;
    dip:date "2025-10"^^xsd:gYearMonth ;
    dip:earliestDate "2025-10-01"^^xsd:date ;
    dip:latestDate "2025-10-31"^^xsd:date ;
    dip:evidence "Earlier this month, Prime Minister Narendra Modi held a telephone conversation with the Russian President Vladimir Putin." ;
    dip:trigger "telephone conversation" ;
    dip:confidence 0.8 ;
    dip:status "happened" ;
    prov:wasDerivedFrom article:seed .

event:annual-summit-23 a dip:Summit ;
    dip:participant person:narendra-modi , person:vladimir-putin ;
    dip:location country:IND ;
    dip:date "2025-12"^^xsd:gYearMonth ;
    dip:earliestDate "2025-12-01"^^xsd:date ;
    dip:latestDate "2025-12-31"^^xsd:date ;
    dip:evidence "PM Modi conveyed that he is looking forward to welcoming President Putin to India, in December for the 23rd India-Russia Annual Summit." ;
    dip:trigger "Annual Summit" ;
    dip:confidence 0.6 ;
    dip:status "planned" ;
    prov:wasDerivedFrom article:seed .

event:annual-summit-22 a dip:Summit ;
    dip:participant country:IND , country:RUS ;
    dip:location place:moscow ;
    dip:date "2024-07-08"^^xsd:date ;
    dip:earliestDate "2024-07-08"^^xsd:date ;
    dip:latestDate "2024-07-09"^^xsd:date ;
    dip:endDate "2024-07-09"^^xsd:date ;
    dip:evidence "PM Modi had travelled to Russia to attend 22nd India-Russia Summit held in Moscow on July 8-9, 2024." ;
    dip:status "happened" ;
    prov:wasDerivedFrom article:seed .

event:joint-statement a dip:Statement ;
    dip:participant country:IND , country:RUS ;
    dip:date "2024-07-09"^^xsd:date ;
    dip:earliestDate "2024-07-09"^^xsd:date ;
    dip:latestDate "2024-07-09"^^xsd:date ;
    dip:evidence "Following the Summit, a Joint Statement titled India-Russia: Enduring and Expanding Partnership was released." ;
    dip:status "happened" ;
    prov:wasDerivedFrom article:seed .

event:sco-sidelines a dip:Meeting ;
    dip:participant person:narendra-modi , person:vladimir-putin ;
    dip:location place:tianjin ;
    dip:date "2025-09"^^xsd:gYearMonth ;
    dip:earliestDate "2025-09-01"^^xsd:date ;
    dip:latestDate "2025-09-30"^^xsd:date ;
    dip:evidence "In September, both leaders had met on the sidelines of the Shanghai Cooperation Organisation (SCO) Summit in Tianjin." ;
    dip:status "happened" ;
    prov:wasDerivedFrom article:seed .
"""

# A second article: the same people and countries again (same IRIs), plus others.
DOC_2019 = PREFIXES + """
article:vladivostok a dip:Article ;
    dcterms:identifier "vladivostok.txt" ;
    dcterms:date "2019-09-05"^^xsd:date ;
    dip:mentions country:IND , country:RUS , country:USA ,
        person:narendra-modi , person:vladimir-putin , place:vladivostok .

country:IND a dip:Country ; rdfs:label "India" ; dip:isoCode "IND" .
country:RUS a dip:Country ; rdfs:label "Russia" ; dip:isoCode "RUS" .
country:USA a dip:Country ; rdfs:label "United States" ; skos:altLabel "US" ; dip:isoCode "USA" .
person:narendra-modi a dip:Person ; rdfs:label "Narendra Modi" ; dip:leaderOf country:IND .
person:vladimir-putin a dip:Person ; rdfs:label "Vladimir Putin" ; dip:leaderOf country:RUS .
place:vladivostok a dip:City ; rdfs:label "Vladivostok" ; dip:locatedIn country:RUS .

event:annual-summit-20 a dip:Summit ;
    dip:participant person:narendra-modi , person:vladimir-putin ;
    dip:location place:vladivostok ;
    dip:date "2019-09-04"^^xsd:date ;
    dip:earliestDate "2019-09-04"^^xsd:date ;
    dip:latestDate "2019-09-04"^^xsd:date ;
    dip:evidence "Prime Minister Narendra Modi and President Vladimir Putin held the 20th India-Russia Annual Summit in Vladivostok on Wednesday." ;
    dip:status "happened" ;
    prov:wasDerivedFrom article:vladivostok .

event:us-sanctions a dip:Sanction ;
    dip:participant country:USA , country:RUS ;
    dip:initiator country:USA ;
    dip:recipient country:RUS ;
    dip:date "2019-08"^^xsd:gYearMonth ;
    dip:earliestDate "2019-08-01"^^xsd:date ;
    dip:latestDate "2019-08-31"^^xsd:date ;
    dip:evidence "The United States imposed new sanctions on Russia last month." ;
    dip:status "happened" ;
    prov:wasDerivedFrom article:vladivostok .
"""

DOCUMENTS = {ID["article/seed"]: DOC_SEED, ID["article/vladivostok"]: DOC_2019}


# --- fixtures -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return Graph().parse(ONTOLOGY_FILE, format="turtle")


@pytest.fixture(scope="module")
def shapes() -> Graph:
    return Graph().parse(SHAPES_FILE, format="turtle")


@pytest.fixture(scope="module")
def queries() -> dict[str, str]:
    return {path.stem: path.read_text(encoding="utf-8") for path in sorted(QUERY_DIR.glob("*.rq"))}


def derived_ntriples() -> str:
    """The derived graph the store would keep for DOCUMENTS (kg/store/derived.py), as N-Triples."""
    from kg.store.derived import Deriver
    from kg.store.facts import read_rdflib

    deriver = Deriver({str(name): read_rdflib(str(name), Graph().parse(data=text, format="turtle"))
                       for name, text in DOCUMENTS.items()})
    deriver.derive()
    return "".join(f"{line} .\n" for line in sorted(deriver.lines()))


@pytest.fixture(scope="module")
def derived() -> str:
    return derived_ntriples()


@pytest.fixture(scope="module")
def dataset(ontology, derived) -> Dataset:
    """An rdflib Dataset laid out like the product's store: ontology + one graph per article + the derived graph."""
    ds = Dataset(default_union=True)
    ont = ds.graph(ONTOLOGY_IRI)
    for triple in ontology:
        ont.add(triple)
    for name, text in DOCUMENTS.items():
        ds.graph(name).parse(data=text, format="turtle")
    ds.graph(DERIVED_IRI).parse(data=derived, format="nt")
    return ds


@pytest.fixture(scope="module")
def oxigraph_store(derived) -> ox.Store:
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ONTOLOGY_IRI)))
    for name, text in DOCUMENTS.items():
        store.load(text.encode("utf-8"), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(name)))
    store.load(derived.encode("utf-8"), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(str(DERIVED_IRI)))
    return store


def data_graph() -> Graph:
    """Both articles merged into one plain graph (without the ontology): a fresh copy."""
    g = Graph()
    for text in DOCUMENTS.values():
        g.parse(data=text, format="turtle")
    return g


def dip_terms(text: str) -> set[str]:
    """Local names of every dip: prefixed name in Turtle or SPARQL text (comments stripped)."""
    text = re.sub(r"(?m)^\s*#.*$", "", text)
    return set(re.findall(r"\bdip:([A-Za-z_][A-Za-z0-9_\-]*)", text))


def declared(ontology: Graph, term: URIRef) -> bool:
    return any(t in DECLARATION_TYPES for t in ontology.objects(term, RDF.type))


# === the ontology ======================================================================


def test_ontology_parses_with_header(ontology):
    assert (ONTOLOGY_IRI, RDF.type, OWL.Ontology) in ontology
    assert ontology.value(ONTOLOGY_IRI, OWL.versionInfo) is not None
    assert len(ontology) > 200


def test_ontology_loads_into_oxigraph(ontology):
    store = ox.Store()
    store.load(path=str(ONTOLOGY_FILE), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(str(ONTOLOGY_IRI)))
    assert len(store) == len(ontology)
    assert store.query(
        "ASK { GRAPH ?g { <%s> <%s> <%s> } }" % (DIP.Meeting, RDFS.subClassOf, DIP.Consultation)
    )


@pytest.mark.parametrize("name", sorted(CLASSES))
def test_class_declared_with_label_and_comment(ontology, name):
    term = DIP[name]
    assert (term, RDF.type, OWL.Class) in ontology
    assert ontology.value(term, RDFS.label) is not None, f"dip:{name} has no rdfs:label"
    comment = ontology.value(term, RDFS.comment)
    assert comment is not None and len(str(comment)) > 30, f"dip:{name} needs a real rdfs:comment"


@pytest.mark.parametrize(
    "name, kind",
    [(n, OWL.ObjectProperty) for n in sorted(OBJECT_PROPERTIES)]
    + [(n, OWL.DatatypeProperty) for n in sorted(DATATYPE_PROPERTIES)],
)
def test_property_declared_with_label_comment_domain_range(ontology, name, kind):
    term = DIP[name]
    assert (term, RDF.type, kind) in ontology
    assert ontology.value(term, RDFS.label) is not None
    comment = ontology.value(term, RDFS.comment)
    assert comment is not None and len(str(comment)) > 30
    assert ontology.value(term, RDFS.domain) is not None, f"dip:{name} has no rdfs:domain"
    assert ontology.value(term, RDFS.range) is not None, f"dip:{name} has no rdfs:range"


def test_cameo_annotation_property_declared(ontology):
    assert (DIP.cameoRoot, RDF.type, OWL.AnnotationProperty) in ontology
    assert ontology.value(DIP.cameoRoot, RDFS.comment) is not None


def test_every_dip_term_in_the_ontology_is_declared_and_documented(ontology):
    used = {t for triple in ontology for t in triple if isinstance(t, URIRef) and str(t).startswith(DIP_NS)}
    undeclared = sorted(str(t) for t in used if not declared(ontology, t))
    assert not undeclared, f"used but not declared: {undeclared}"
    for term in used:
        assert ontology.value(term, RDFS.label) is not None, term
        assert ontology.value(term, RDFS.comment) is not None, term


def test_every_dip_term_of_the_rdf_mapping_is_declared(ontology):
    names = dip_terms(MAPPING_DOC.read_text(encoding="utf-8"))
    assert {"Article", "PhoneCall", "earliestDate", "latestDate", "trigger", "mentions"} <= names
    missing = sorted(n for n in names if not declared(ontology, DIP[n]))
    assert not missing, f"docs/rdf-mapping.md uses undeclared terms: {missing}"


def test_design_datatypes(ontology):
    for prop in (DIP.date, DIP.endDate):  # a day, a month or a year: the datatype is the precision
        members = set(Collection(ontology, ontology.value(ontology.value(prop, RDFS.range), OWL.unionOf)))
        assert members == {XSD.date, XSD.gYearMonth, XSD.gYear}
    assert ontology.value(DIP.earliestDate, RDFS.range) == XSD.date
    assert ontology.value(DIP.latestDate, RDFS.range) == XSD.date
    assert ontology.value(DIP.confidence, RDFS.range) == XSD.decimal
    assert ontology.value(DIP.evidence, RDFS.range) == XSD.string
    assert ontology.value(DIP.holdsPosition, RDFS.range) == XSD.string
    assert ontology.value(DIP.participant, RDFS.range) == DIP.Actor
    assert ontology.value(DIP.participant, RDFS.domain) == DIP.Event


# --- hierarchy ------------------------------------------------------------------------


def superclasses(ontology: Graph, term: URIRef) -> set[URIRef]:
    return set(ontology.transitive_objects(term, RDFS.subClassOf)) - {term}


def direct_dip_superclasses(ontology: Graph, term: URIRef) -> set[URIRef]:
    return {c for c in ontology.objects(term, RDFS.subClassOf) if str(c).startswith(DIP_NS)}


@pytest.mark.parametrize("name, parent", sorted(ACTOR_CLASSES.items()))
def test_actor_and_place_hierarchy(ontology, name, parent):
    expected = {DIP[parent]} if parent else set()
    assert direct_dip_superclasses(ontology, DIP[name]) == expected


@pytest.mark.parametrize("name", sorted(EVENT_CLASSES))
def test_event_hierarchy(ontology, name):
    parent = EVENT_CLASSES[name][0]
    assert direct_dip_superclasses(ontology, DIP[name]) == {DIP[parent]}
    assert DIP.Event in superclasses(ontology, DIP[name])


def test_consultation_kinds_are_events(ontology):
    for name in ("Meeting", "Summit", "PhoneCall", "Visit"):
        assert {DIP.Consultation, DIP.Event} <= superclasses(ontology, DIP[name])
    assert DIP.Consultation not in superclasses(ontology, DIP.Statement)


def test_no_cycles_in_class_hierarchy(ontology):
    for cls in ontology.subjects(RDF.type, OWL.Class):
        if isinstance(cls, URIRef):
            assert cls not in superclasses(ontology, cls), cls


@pytest.mark.parametrize("name", ["initiator", "recipient"])
def test_roles_are_subproperties_of_participant(ontology, name):
    assert (DIP[name], RDFS.subPropertyOf, DIP.participant) in ontology


def test_article_is_a_prov_entity_close_to_news_article(ontology):
    assert PROV.Entity in superclasses(ontology, DIP.Article)
    assert (DIP.Article, SKOS.closeMatch, SCHEMA.NewsArticle) in ontology


def test_external_alignments(ontology):
    foaf = Namespace("http://xmlns.com/foaf/0.1/")
    org = Namespace("http://www.w3.org/ns/org#")
    sem = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    assert {foaf.Person, SCHEMA.Person} <= superclasses(ontology, DIP.Person)
    assert {org.Organization, foaf.Organization, SCHEMA.Organization} <= superclasses(ontology, DIP.Organization)
    assert {sem.Actor, foaf.Agent, PROV.Agent} <= superclasses(ontology, DIP.Person)
    assert {sem.Place, SCHEMA.Place} <= superclasses(ontology, DIP.City)
    assert sem.Event in superclasses(ontology, DIP.Meeting)
    assert (DIP.participant, RDFS.subPropertyOf, sem.hasActor) in ontology
    assert (DIP.location, RDFS.subPropertyOf, sem.hasPlace) in ontology
    assert (DIP.endDate, RDFS.subPropertyOf, sem.hasEndTimeStamp) in ontology
    assert (DIP.memberOf, RDFS.subPropertyOf, org.memberOf) in ontology
    # a country is an actor here, not a place: only a close match to schema:Country
    assert SCHEMA.Country not in superclasses(ontology, DIP.Country)
    assert (DIP.Country, SKOS.closeMatch, SCHEMA.Country) in ontology


@pytest.mark.parametrize("name", sorted(EVENT_CLASSES))
def test_event_class_plover_and_cameo(ontology, name):
    _, plover, cameo = EVENT_CLASSES[name]
    cls = DIP[name]
    assert [str(v) for v in ontology.objects(cls, DIP.cameoRoot)] == [cameo]
    mapped = set(ontology.objects(cls, SKOS.closeMatch)) | set(ontology.objects(cls, SKOS.broadMatch))
    mapped_plover = {m for m in mapped if str(m).startswith(str(PLOVER))}
    if plover is None:
        assert not mapped_plover
        assert "PLOVER" in str(ontology.value(cls, RDFS.comment)), "say why there is no PLOVER mapping"
    else:
        assert mapped_plover == {PLOVER[plover]}


def disjoint_pairs(ontology: Graph) -> set[frozenset]:
    pairs = {frozenset(p) for p in ontology.subject_objects(OWL.disjointWith)}
    for node in ontology.subjects(RDF.type, OWL.AllDisjointClasses):
        members = list(Collection(ontology, ontology.value(node, OWL.members)))
        pairs |= {frozenset(p) for p in combinations(members, 2)}
    return pairs


def test_actor_kinds_and_places_are_disjoint(ontology):
    pairs = disjoint_pairs(ontology)
    for a, b in combinations([DIP.Person, DIP.Country, DIP.Organization, DIP.Place], 2):
        assert frozenset((a, b)) in pairs, f"{a} and {b} should be disjoint"
    assert frozenset((DIP.Event, DIP.Actor)) in pairs


def test_rdfs_entailments_of_sample_data_respect_disjointness(ontology):
    """Domains and ranges must not make a country a place, a person an organisation, ..."""
    owlrl = pytest.importorskip("owlrl")
    g = data_graph()
    for triple in ontology:
        g.add(triple)
    owlrl.DeductiveClosure(owlrl.RDFS_Semantics).expand(g)
    for a, b in disjoint_pairs(ontology):
        both = set(g.subjects(RDF.type, a)) & set(g.subjects(RDF.type, b))
        assert not both, f"{sorted(both)} inferred to be both {a} and {b}"


# === the shapes =========================================================================


def test_shapes_are_valid_shacl(shapes):
    conforms, _, text = meta_validate(shapes, inference="none")
    assert conforms, text


def test_meta_validation_catches_a_broken_shape(shapes):
    broken = Graph()
    for triple in shapes:
        broken.add(triple)
    broken.remove((DIPSH["Event-date"], SH.minCount, None))
    broken.add((DIPSH["Event-date"], SH.minCount, Literal("one")))
    conforms, _, _ = meta_validate(broken, inference="none")
    assert not conforms


def test_shapes_use_only_declared_terms(ontology, shapes):
    used = {t for triple in shapes for t in triple if isinstance(t, URIRef) and str(t).startswith(DIP_NS)}
    used |= {DIP[n] for n in dip_terms(SHAPES_FILE.read_text(encoding="utf-8"))}  # also inside sh:select
    missing = sorted(str(t) for t in used if not declared(ontology, t))
    assert not missing, f"shapes.ttl uses undeclared terms: {missing}"
    assert DIP.participant in used and DIP.isoCode in used


def test_every_shape_is_documented(shapes):
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)):
        assert shapes.value(shape, RDFS.comment) is not None, shape
    for shape in set(shapes.subjects(RDF.type, SH.PropertyShape)):
        assert shapes.value(shape, SH.message) is not None, shape


def shacl(data: Graph, shapes: Graph, ontology: Graph, **kwargs):
    return validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference=kwargs.pop("inference", "none"),
        allow_warnings=False, **kwargs,
    )


def failed_shapes(report: Graph) -> set[URIRef]:
    """The rule behind each result: the SPARQL constraint if there is one, else the source shape."""
    failed = set()
    for result in report.subjects(RDF.type, SH.ValidationResult):
        constraint = report.value(result, SH.sourceConstraint)
        failed.add(constraint if isinstance(constraint, URIRef) else report.value(result, SH.sourceShape))
    return failed


def test_sample_graph_conforms(shapes, ontology):
    conforms, _, text = shacl(data_graph(), shapes, ontology)
    assert conforms, text


def test_sample_graph_conforms_with_the_ontology_merged_and_rdfs_inference(shapes, ontology):
    g = data_graph()
    for triple in ontology:
        g.add(triple)
    conforms, _, text = validate(g, shacl_graph=shapes, inference="rdfs")
    assert conforms, text


def test_sample_graph_needs_the_ontology(shapes):
    """Without the class hierarchy an event's class cannot be checked (nor actors found)."""
    conforms, report, _ = validate(data_graph(), shacl_graph=shapes, inference="none")
    assert not conforms
    assert DIPSH["Event-class"] in failed_shapes(report)


MEETING = ID["event/working-group"]
PHONE_CALL = ID["event/phone-call"]
MODI = ID["person/narendra-modi"]
INDIA = ID["country/IND"]
SEED = ID["article/seed"]


def _set(g: Graph, s, p, o) -> None:
    g.remove((s, p, None))
    g.add((s, p, o))


BROKEN = {
    # id: (mutation, the shape that must report it)
    "no-date": (lambda g: g.remove((MEETING, DIP.date, None)), "Event-date"),
    "two-dates": (lambda g: g.add((MEETING, DIP.date, Literal("2025-10", datatype=XSD.gYearMonth))), "Event-date"),
    "date-not-xsd-date": (lambda g: _set(g, MEETING, DIP.date, Literal("2025-10-29")), "Event-date"),
    "end-before-start": (
        lambda g: g.add((MEETING, DIP.endDate, Literal("2025-10-28", datatype=XSD.date))), "Event-intervalMatchesDate"),
    "date-as-a-plain-string-month": (lambda g: _set(g, MEETING, DIP.date, Literal("2025-10")), "Event-date"),
    "interval-from-another-month": (
        lambda g: _set(g, MEETING, DIP.earliestDate, Literal("2025-09-29", datatype=XSD.date)), "Event-intervalMatchesDate"),
    "no-latest-date": (lambda g: g.remove((MEETING, DIP.latestDate, None)), "Event-latestDate"),
    "latest-before-earliest": (  # both days inside the month "2025-10", in the wrong order
        lambda g: (_set(g, PHONE_CALL, DIP.earliestDate, Literal("2025-10-31", datatype=XSD.date)),
                   _set(g, PHONE_CALL, DIP.latestDate, Literal("2025-10-01", datatype=XSD.date))), "Event-earliestDate"),
    "no-evidence": (lambda g: g.remove((MEETING, DIP.evidence, None)), "Event-evidence"),
    "blank-evidence": (lambda g: _set(g, MEETING, DIP.evidence, Literal("  ")), "Event-evidence"),
    "no-derivation": (lambda g: g.remove((MEETING, PROV.wasDerivedFrom, None)), "Event-wasDerivedFrom"),
    "derived-from-non-article": (
        lambda g: _set(g, MEETING, PROV.wasDerivedFrom, URIRef("https://example.org/page")), "Event-wasDerivedFrom"),
    "no-participant": (lambda g: g.remove((MEETING, DIP.participant, None)), "Event-participant"),
    "place-as-participant": (
        lambda g: g.add((MEETING, DIP.participant, ID["place/new-delhi"])), "Event-participant"),
    "misspelt-event-class": (lambda g: _set(g, MEETING, RDF.type, DIP.Meetng), "Event-class"),
    "status-maybe": (lambda g: _set(g, MEETING, DIP.status, Literal("maybe")), "Event-status"),
    "no-status": (lambda g: g.remove((MEETING, DIP.status, None)), "Event-status"),
    "confidence-above-one": (
        lambda g: _set(g, MEETING, DIP.confidence, Literal(Decimal("1.5"))), "Event-confidence"),
    "confidence-as-double": (lambda g: _set(g, MEETING, DIP.confidence, Literal(0.9)), "Event-confidence"),
    "date-as-a-week": (lambda g: _set(g, MEETING, DIP.date, Literal("2025-W44")), "Event-date"),
    "two-locations": (lambda g: g.add((MEETING, DIP.location, ID["place/moscow"])), "Event-location"),
    "location-is-a-person": (lambda g: _set(g, MEETING, DIP.location, MODI), "Event-location"),
    "initiator-not-participant": (
        lambda g: g.add((MEETING, DIP.initiator, ID["country/USA"])), "Event-rolesAreParticipants"),
    "organization-without-label": (
        lambda g: g.remove((ID["organization/shanghai-cooperation-organisation"], RDFS.label, None)), "Entity-label"),
    "country-without-iso-code": (lambda g: g.remove((INDIA, DIP.isoCode, None)), "Country-isoCode"),
    "iso-code-lower-case": (lambda g: _set(g, INDIA, DIP.isoCode, Literal("ind")), "Country-isoCode"),
    "iso-code-alpha-2": (lambda g: _set(g, INDIA, DIP.isoCode, Literal("IN")), "Country-isoCode"),
    "position-is-an-iri": (lambda g: g.add((MODI, DIP.holdsPosition, ID["organization/pmo"])), "Position-holdsPosition"),
    "leader-of-a-place": (lambda g: g.add((MODI, DIP.leaderOf, ID["place/new-delhi"])), "Leader-leaderOf"),
    "country-as-leader": (lambda g: g.add((INDIA, DIP.leaderOf, ID["country/RUS"])), "LeaderShape"),
    "member-of-a-country": (lambda g: g.add((MODI, DIP.memberOf, INDIA)), "Member-memberOf"),
    "located-in-a-person": (lambda g: g.add((ID["place/moscow"], DIP.locatedIn, MODI)), "Located-locatedIn"),
    "article-without-identifier": (lambda g: g.remove((SEED, DCTERMS.identifier, None)), "Article-identifier"),
    "article-without-date": (lambda g: g.remove((SEED, DCTERMS.date, None)), "Article-date"),
    "article-with-two-titles": (lambda g: g.add((SEED, DCTERMS.title, Literal("Another title"))), "Article-title"),
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_broken_graph_does_not_conform(shapes, ontology, case):
    mutate, shape = BROKEN[case]
    g = data_graph()
    before = set(g)
    mutate(g)
    assert set(g) != before, "the mutation changed nothing"
    conforms, report, text = shacl(g, shapes, ontology)
    assert not conforms, f"{case}: expected a violation"
    assert failed_shapes(report) == {DIPSH[shape]}, text


# === the queries ========================================================================


def test_all_named_queries_exist(queries):
    assert set(QUERY_NAMES) <= set(queries)


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_header(queries, name):
    lines = queries[name].splitlines()
    assert re.match(r"# title: \S", lines[0]), lines[0]
    assert re.match(r"# description: \S.{20,}", lines[1]), lines[1]
    assert "PREFIX dip:  <https://w3id.org/dipkg/ontology#>" in queries[name]


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_parses_in_rdflib_and_oxigraph(queries, name):
    prepareQuery(queries[name])
    list(ox.Store().query(queries[name], use_default_graph_as_union=True))


@pytest.mark.parametrize("name", QUERY_NAMES)
def test_query_uses_only_declared_terms(ontology, queries, name):
    used = dip_terms(queries[name])
    assert used
    missing = sorted(n for n in used if not declared(ontology, DIP[n]))
    assert not missing, f"{name}.rq uses undeclared terms: {missing}"


def _value(term) -> str | None:
    if term is None:
        return None
    return str(term.value) if isinstance(term, (ox.Literal, ox.NamedNode, ox.BlankNode)) else str(term)


def run_rdflib(dataset: Dataset, query: str) -> list[dict]:
    result = dataset.query(query)
    return [{str(v): _value(row[v]) for v in result.vars} for row in result]


def run_oxigraph(store: ox.Store, query: str) -> list[dict]:
    solutions = store.query(query, use_default_graph_as_union=True)
    names = [v.value for v in solutions.variables]
    return [{n: _value(s[n]) for n in names} for s in solutions]


def normalised(rows: list[dict]) -> list[dict]:
    """GROUP_CONCAT order is unspecified: compare participant lists as sorted lists."""
    out = []
    for row in rows:
        row = dict(row)
        if row.get("participants") is not None:
            row["participants"] = ", ".join(sorted(row["participants"].split(", ")))
        out.append(row)
    return out


def run_both(dataset, store, query: str) -> list[dict]:
    """Run in rdflib and Oxigraph; the two must agree (same rows, same order)."""
    a = normalised(run_rdflib(dataset, query))
    b = normalised(run_oxigraph(store, query))
    assert a == b
    return a


def project(rows: list[dict], *columns: str) -> list[tuple]:
    return [tuple(row[c] for c in columns) for row in rows]


def test_who_met_whom(dataset, oxigraph_store, queries):
    rows = run_both(dataset, oxigraph_store, queries["who-met-whom"])
    assert list(rows[0]) == ["aLabel", "bLabel", "eventClass", "date", "placeLabel", "evidence"]
    assert project(rows, "date", "aLabel", "bLabel", "eventClass", "placeLabel") == [
        ("2019-09-04", "Narendra Modi", "Vladimir Putin", "Summit", "Vladivostok"),
        ("2024-07-08", "India", "Russia", "Summit", "Moscow"),
        ("2025-09", "Narendra Modi", "Vladimir Putin", "Meeting", "Tianjin"),
        ("2025-10", "Narendra Modi", "Vladimir Putin", "PhoneCall", None),
        ("2025-10-29", "India", "Russia", "Meeting", "Manekshaw Centre"),
    ]
    assert rows[-1]["evidence"].startswith("India and Russia held the fifth Meeting")


def test_who_met_whom_reports_the_specific_class_when_superclasses_are_stated(dataset, oxigraph_store, queries):
    """An RDFS reasoner would add `a dip:Consultation, dip:Event`: still one row, class Meeting."""
    extra = [(MEETING, RDF.type, DIP.Consultation), (MEETING, RDF.type, DIP.Event)]
    graph = dataset.graph(SEED)
    for triple in extra:
        graph.add(triple)
        oxigraph_store.add(ox.Quad(*(ox.NamedNode(str(t)) for t in triple), ox.NamedNode(str(SEED))))
    try:
        rows = run_both(dataset, oxigraph_store, queries["who-met-whom"])
        meeting_rows = [r for r in rows if r["date"] == "2025-10-29"]
        assert project(meeting_rows, "eventClass") == [("Meeting",)]
    finally:
        for triple in extra:
            graph.remove(triple)
            oxigraph_store.remove(ox.Quad(*(ox.NamedNode(str(t)) for t in triple), ox.NamedNode(str(SEED))))


def test_events_between_countries(dataset, oxigraph_store, queries):
    rows = run_both(dataset, oxigraph_store, queries["events-between-countries"])
    assert project(rows, "date", "eventClass", "countryA", "countryB", "status") == [
        ("2024-07-08", "Summit", "India", "Russia", "happened"),
        ("2024-07-09", "Statement", "India", "Russia", "happened"),
        ("2025-09", "Meeting", "India", "Russia", "happened"),  # through their leaders
        ("2025-10", "PhoneCall", "India", "Russia", "happened"),
        ("2025-10-29", "Meeting", "India", "Russia", "happened"),
        ("2025-12", "Summit", "India", "Russia", "planned"),
    ]
    assert rows[0]["event"] == str(ID["event/annual-summit-22"])


def test_events_between_countries_with_other_values(dataset, oxigraph_store, queries):
    query = queries["events-between-countries"]
    default = '("IND" "RUS" "2024-01-01"^^xsd:date "2025-12-31"^^xsd:date)'
    assert default in query
    query = query.replace(default, '("USA" "RUS" "2019-01-01"^^xsd:date "2019-12-31"^^xsd:date)')
    rows = run_both(dataset, oxigraph_store, query)
    assert project(rows, "date", "eventClass", "countryA", "countryB") == [
        ("2019-08", "Sanction", "United States", "Russia"),
    ]


def test_country_timeline(dataset, oxigraph_store, queries):
    rows = run_both(dataset, oxigraph_store, queries["country-timeline"])
    assert project(rows, "date", "eventClass", "status", "placeLabel", "participants") == [
        ("2019-09-04", "Summit", "happened", "Vladivostok", "Narendra Modi, Vladimir Putin"),
        ("2024-07-08", "Summit", "happened", "Moscow", "India, Russia"),
        ("2024-07-09", "Statement", "happened", None, "India, Russia"),
        ("2025-09", "Meeting", "happened", "Tianjin", "Narendra Modi, Vladimir Putin"),
        ("2025-10", "PhoneCall", "happened", None, "Narendra Modi, Vladimir Putin"),
        ("2025-10-29", "Meeting", "happened", "Manekshaw Centre", "India, Russia"),
        ("2025-12", "Summit", "planned", "India", "Narendra Modi, Vladimir Putin"),
    ]


def test_most_active_actors(dataset, oxigraph_store, queries):
    rows = run_both(dataset, oxigraph_store, queries["most-active-actors"])
    assert project(rows, "label", "actorClass", "events") == [
        ("Narendra Modi", "Person", "4"),
        ("Russia", "Country", "4"),
        ("Vladimir Putin", "Person", "4"),
        ("India", "Country", "3"),
        ("United States", "Country", "1"),
    ]
    assert rows[0]["actor"] == str(MODI)


def test_events_at_place(dataset, oxigraph_store, queries):
    rows = run_both(dataset, oxigraph_store, queries["events-at-place"])
    assert project(rows, "date", "eventClass", "locationLabel", "participants") == [
        ("2025-10-29", "Meeting", "Manekshaw Centre", "India, Russia"),  # a venue inside New Delhi
    ]


@pytest.mark.parametrize(
    "name, expected",
    [
        ("delhi", [("2025-10-29", "Manekshaw Centre")]),  # an altLabel, lower case
        ("NEW DELHI", [("2025-10-29", "Manekshaw Centre")]),
        ("india", [("2025-10-29", "Manekshaw Centre"), ("2025-12", "India")]),  # a country contains its places
        ("Moscow", [("2024-07-08", "Moscow")]),
        ("Atlantis", []),
    ],
)
def test_events_at_other_places(dataset, oxigraph_store, queries, name, expected):
    query = queries["events-at-place"]
    assert 'VALUES ?placeName { "New Delhi" }' in query
    query = query.replace('VALUES ?placeName { "New Delhi" }', f'VALUES ?placeName {{ "{name}" }}')
    rows = run_both(dataset, oxigraph_store, query)
    assert project(rows, "date", "locationLabel") == expected


def test_queries_see_entities_once_although_each_article_repeats_them(dataset):
    """India is described in both article graphs; the union must not double its events."""
    rows = run_rdflib(dataset, 'PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#> '
                               'SELECT ?l WHERE { <%s> rdfs:label ?l }' % INDIA)
    assert {r["l"] for r in rows} == {"India"}

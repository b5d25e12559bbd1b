//! Cluster specialisations, the sectors their organisations work in, and the
//! supplier -> buyer value chains that cross-regional links follow.
//!
//! Both generators draw on these tables: a cluster has one [`Spec`]; its
//! producing members take sectors from [`Spec::production`], its research
//! members [`Spec::research`]; links between regions follow [`VALUE_CHAINS`].

/// A cluster specialisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Spec {
    /// Short key used in the generator's tables.
    pub key: &'static str,
    /// English label, as the study's Figure 3 words it where it names one.
    pub label: &'static str,
    /// Russian label.
    pub label_ru: &'static str,
    /// The cluster's main OKVED2 class.
    pub sector: &'static str,
    /// Classes of producing members (repeats weight the draw).
    pub production: &'static [&'static str],
    /// Class of research members.
    pub research: &'static str,
    /// Field of research institutes and colleges, in their names.
    pub field: &'static str,
}

macro_rules! spec {
    ($key:literal, $label:literal, $ru:literal, $sector:literal, [$($p:literal),* $(,)?], $research:literal, $field:literal) => {
        Spec {
            key: $key,
            label: $label,
            label_ru: $ru,
            sector: $sector,
            production: &[$($p),*],
            research: $research,
            field: $field,
        }
    };
}

/// Every specialisation the generators use.
pub const SPECS: &[Spec] = &[
    spec!(
        "ict",
        "Information and communication technologies",
        "Информационно-коммуникационные технологии",
        "62.01",
        [
            "62.01", "62.01", "62.02", "63.11", "61.10", "58.29", "26.20"
        ],
        "72.19",
        "Information Technology"
    ),
    spec!(
        "mach",
        "Machinery and equipment",
        "Производство машин и оборудования",
        "28.99",
        [
            "28.11", "28.14", "28.22", "28.29", "28.30", "28.41", "28.92", "28.99", "25.62",
            "28.15"
        ],
        "72.19",
        "Mechanical Engineering"
    ),
    spec!(
        "tour",
        "Tourism",
        "Туризм",
        "79.90",
        [
            "79.11", "79.12", "79.90", "55.10", "55.10", "55.20", "56.10", "93.29", "49.39",
            "91.02"
        ],
        "72.20",
        "Tourism"
    ),
    spec!(
        "pharma",
        "Pharmaceuticals",
        "Фармацевтика",
        "21.20",
        [
            "21.20", "21.20", "21.20", "21.10", "20.14", "20.59", "32.50", "46.46", "22.22"
        ],
        "72.11",
        "Pharmaceutical Chemistry"
    ),
    spec!(
        "micro",
        "Microelectronics and instrument making",
        "Микроэлектроника и приборостроение",
        "26.11",
        [
            "26.11", "26.11", "26.12", "26.20", "26.30", "26.51", "26.51", "26.70", "27.90"
        ],
        "72.19",
        "Electronics"
    ),
    spec!(
        "nuclear",
        "Nuclear and physics technologies",
        "Ядерно-физические технологии",
        "72.19",
        ["24.46", "26.51", "26.60", "27.90", "71.12", "72.19"],
        "72.19",
        "Nuclear Physics"
    ),
    spec!(
        "elec",
        "Electrical equipment",
        "Электротехника",
        "27.12",
        [
            "27.11", "27.12", "27.12", "27.32", "27.33", "27.40", "27.90", "24.44"
        ],
        "72.19",
        "Electrical Engineering"
    ),
    spec!(
        "innov",
        "Innovation (multi-sector)",
        "Инновации (многоотраслевой)",
        "72.19",
        [
            "62.01", "62.01", "26.51", "21.20", "72.11", "72.19", "26.60", "27.90"
        ],
        "72.19",
        "Applied Science"
    ),
    spec!(
        "jewel",
        "Jewellery",
        "Ювелирное производство",
        "32.12",
        ["32.12", "32.12", "32.12", "32.12", "32.13", "47.77"],
        "72.19",
        "Jewellery Design"
    ),
    spec!(
        "diamond",
        "Diamond and precious-stone mining",
        "Добыча алмазов и драгоценных камней",
        "08.99",
        [
            "08.99", "08.99", "08.99", "08.99", "09.90", "28.92", "71.12"
        ],
        "72.19",
        "Geology and Mining"
    ),
    spec!(
        "aerosol",
        "Aerosol products",
        "Аэрозольная продукция",
        "20.41",
        [
            "20.41", "20.41", "20.41", "25.92", "20.59", "22.22", "20.30"
        ],
        "72.19",
        "Applied Chemistry"
    ),
    spec!(
        "chem",
        "Chemicals and petrochemicals",
        "Химия и нефтехимия",
        "20.16",
        [
            "20.11", "20.14", "20.15", "20.16", "20.16", "20.17", "22.21", "19.20"
        ],
        "72.19",
        "Chemistry"
    ),
    spec!(
        "auto",
        "Automotive",
        "Автомобилестроение",
        "29.10",
        [
            "29.10", "29.20", "29.31", "29.32", "29.32", "22.11", "25.50", "27.20"
        ],
        "72.19",
        "Automotive Engineering"
    ),
    spec!(
        "aero",
        "Aerospace",
        "Авиакосмическая промышленность",
        "30.30",
        [
            "30.30", "30.30", "26.51", "25.61", "24.42", "33.16", "22.29"
        ],
        "72.19",
        "Aerospace Engineering"
    ),
    spec!(
        "ship",
        "Shipbuilding",
        "Судостроение",
        "30.11",
        [
            "30.11", "30.11", "30.12", "33.15", "25.11", "28.11", "27.11"
        ],
        "72.19",
        "Naval Architecture"
    ),
    spec!(
        "bio",
        "Biotechnology",
        "Биотехнологии",
        "72.11",
        [
            "72.11", "72.11", "21.10", "20.14", "10.89", "01.64", "10.91"
        ],
        "72.11",
        "Biotechnology"
    ),
    spec!(
        "food",
        "Food and agriculture",
        "Пищевая промышленность и АПК",
        "10.89",
        [
            "01.11", "01.41", "01.47", "10.11", "10.51", "10.61", "10.71", "10.89", "11.07"
        ],
        "72.11",
        "Food Technology"
    ),
    spec!(
        "wood",
        "Timber and furniture",
        "Лесопромышленный комплекс",
        "16.10",
        [
            "02.20", "16.10", "16.10", "16.21", "16.23", "17.12", "31.01", "31.09"
        ],
        "72.19",
        "Forestry"
    ),
    spec!(
        "textile",
        "Textiles and clothing",
        "Текстильная и лёгкая промышленность",
        "13.20",
        [
            "13.10", "13.20", "13.20", "13.30", "14.13", "14.19", "15.20"
        ],
        "72.19",
        "Textile Technology"
    ),
    spec!(
        "metal",
        "Metallurgy and metalworking",
        "Металлургия и металлообработка",
        "24.10",
        [
            "24.10", "24.10", "24.20", "24.42", "24.51", "25.11", "25.61", "25.73", "07.10"
        ],
        "72.19",
        "Metallurgy"
    ),
    spec!(
        "medtech",
        "Medical equipment",
        "Медицинская техника",
        "32.50",
        ["32.50", "32.50", "26.60", "26.51", "21.20", "22.19"],
        "72.11",
        "Medical Engineering"
    ),
    spec!(
        "energy",
        "Energy and power engineering",
        "Энергетическое машиностроение",
        "27.11",
        ["27.11", "28.11", "25.30", "35.11", "71.12", "27.12"],
        "72.19",
        "Power Engineering"
    ),
    spec!(
        "oilgas",
        "Oil and gas",
        "Нефтегазовый комплекс",
        "06.10",
        [
            "06.10", "06.10", "06.20", "09.10", "19.20", "28.92", "49.50", "71.12"
        ],
        "72.19",
        "Petroleum Engineering"
    ),
    spec!(
        "coal",
        "Coal and coal chemistry",
        "Угольная промышленность и углехимия",
        "05.10",
        [
            "05.10", "05.10", "05.10", "19.10", "20.14", "28.92", "35.11"
        ],
        "72.19",
        "Mining"
    ),
    spec!(
        "materials",
        "New materials and composites",
        "Новые материалы и композиты",
        "22.29",
        [
            "20.16", "22.29", "22.29", "23.14", "23.99", "24.45", "20.60"
        ],
        "72.19",
        "Materials Science"
    ),
    spec!(
        "construction",
        "Construction materials",
        "Строительные материалы",
        "23.61",
        [
            "23.51", "23.61", "23.61", "23.32", "23.63", "41.20", "08.12"
        ],
        "72.19",
        "Civil Engineering"
    ),
    spec!(
        "creative",
        "Creative industries",
        "Креативные индустрии",
        "90.01",
        ["90.01", "59.11", "73.11", "74.10", "58.11", "62.01"],
        "72.20",
        "Arts and Design"
    ),
    spec!(
        "logistics",
        "Transport and logistics",
        "Транспорт и логистика",
        "52.29",
        [
            "52.10", "52.29", "52.29", "49.41", "50.20", "52.24", "49.20"
        ],
        "72.19",
        "Transport"
    ),
    spec!(
        "fish",
        "Fisheries and seafood",
        "Рыбопромышленный комплекс",
        "03.11",
        [
            "03.11", "03.11", "03.21", "10.20", "10.20", "30.11", "52.24"
        ],
        "72.11",
        "Marine Biology"
    ),
    spec!(
        "rail",
        "Railway equipment",
        "Железнодорожное машиностроение",
        "30.20",
        ["30.20", "30.20", "25.11", "24.10", "27.90", "28.15"],
        "72.19",
        "Railway Engineering"
    ),
    spec!(
        "photonics",
        "Photonics and lasers",
        "Фотоника и лазерные технологии",
        "26.70",
        ["26.70", "26.70", "27.31", "26.51", "27.40", "26.11"],
        "72.19",
        "Photonics"
    ),
];

/// The specialisation with key `key`.
pub fn spec(key: &str) -> Option<&'static Spec> {
    SPECS.iter().find(|s| s.key == key)
}

/// Classes of supporting organisations by kind.
pub mod support {
    /// Universities.
    pub const UNIVERSITY: &str = "85.22";
    /// Colleges (secondary vocational education).
    pub const EDUCATION: &str = "85.21";
    /// Cluster development centres (management consultancy).
    pub const CENTRE: &str = "70.22";
    /// Technoparks and industrial parks (renting of own property).
    pub const PARK: &str = "68.20";
    /// Development funds and banks.
    pub const FINANCE: &[&str] = &["64.92", "64.99", "64.19"];
    /// Business services.
    pub const SERVICE: &[&str] = &["71.12", "46.69", "52.29", "73.20", "74.90"];
}

/// A supplier -> buyer pair of OKVED2 divisions: sector `from` supplies `to`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ValueChain {
    /// Supplying division.
    pub from: &'static str,
    /// Buying division.
    pub to: &'static str,
    /// Strength, 0 to 1 (share of the buyer's inputs, roughly).
    pub weight: f64,
    /// Why the pair is a value chain.
    pub rationale: &'static str,
    /// True when the source study gives the pair.
    pub from_study: bool,
}

macro_rules! chain {
    ($from:literal, $to:literal, $w:literal, $why:literal) => {
        ValueChain {
            from: $from,
            to: $to,
            weight: $w,
            rationale: $why,
            from_study: false,
        }
    };
}

/// Supplier -> buyer division pairs. The first is the study's example
/// (precious-stone mining in Yakutia supplying jewellery makers in Kostroma);
/// the others are the brief's examples and common input-output links,
/// written by hand.
pub const VALUE_CHAINS: &[ValueChain] = &[
    ValueChain {
        from: "08",
        to: "32",
        weight: 0.9,
        rationale: "precious stones and diamonds are the main input of jewellery manufacture",
        from_study: true,
    },
    chain!(
        "24",
        "28",
        0.8,
        "steel and alloys are the main input of machinery"
    ),
    chain!(
        "24",
        "25",
        0.8,
        "metals are rolled, cast and machined into metal products"
    ),
    chain!(
        "25",
        "28",
        0.6,
        "castings, forgings and fasteners go into machinery"
    ),
    chain!(
        "24",
        "30",
        0.6,
        "aluminium, titanium and steel go into aircraft, ships and rolling stock"
    ),
    chain!(
        "20",
        "21",
        0.8,
        "chemical substances are the inputs of pharmaceutical preparations"
    ),
    chain!(
        "20",
        "22",
        0.7,
        "polymers are moulded into plastic and rubber products"
    ),
    chain!(
        "19",
        "20",
        0.7,
        "refinery products are the feedstock of petrochemicals"
    ),
    chain!("06", "19", 0.9, "crude oil and gas are refined"),
    chain!("05", "35", 0.6, "coal fuels power stations"),
    chain!(
        "02",
        "16",
        0.9,
        "logs are sawn and processed into wood products"
    ),
    chain!(
        "16",
        "31",
        0.8,
        "sawn wood and boards are made into furniture"
    ),
    chain!("16", "17", 0.6, "wood chips and pulpwood go into paper"),
    chain!(
        "26",
        "27",
        0.5,
        "electronic components go into electrical equipment"
    ),
    chain!(
        "26",
        "30",
        0.6,
        "avionics and navigation instruments go into aircraft and ships"
    ),
    chain!("27", "28", 0.5, "motors and drives go into machinery"),
    chain!("27", "29", 0.5, "electrical systems go into vehicles"),
    chain!("22", "29", 0.6, "tyres and plastic parts go into vehicles"),
    chain!("25", "29", 0.6, "stampings and forgings go into vehicles"),
    chain!(
        "01",
        "10",
        0.9,
        "crops and livestock are processed into food"
    ),
    chain!("03", "10", 0.7, "the catch is processed into fish products"),
    chain!("13", "14", 0.8, "fabrics are sewn into garments"),
    chain!(
        "23",
        "41",
        0.7,
        "cement, concrete and bricks go into buildings"
    ),
    chain!(
        "72",
        "21",
        0.5,
        "research results are licensed to drug makers"
    ),
    chain!(
        "62",
        "26",
        0.3,
        "embedded software goes into electronic devices"
    ),
    chain!(
        "26",
        "32",
        0.4,
        "electronic modules go into medical instruments"
    ),
];

/// Display nouns of OKVED2 classes, for the names of synthetic organisations.
pub fn noun(code: &str) -> &'static str {
    match code {
        "62.01" => "Software",
        "62.02" => "IT Consulting",
        "63.11" => "Data Centre",
        "61.10" => "Telecom",
        "58.29" => "Software Publishing",
        "26.20" => "Computer",
        "28.11" => "Turbine",
        "28.14" => "Valve",
        "28.22" => "Crane",
        "28.29" => "Machinery",
        "28.30" => "Farm Machinery",
        "28.41" => "Machine Tool",
        "28.92" => "Mining Machinery",
        "28.99" => "Special Machinery",
        "25.62" => "Machining",
        "28.15" => "Bearing",
        "79.11" => "Travel",
        "79.12" => "Tour Operator",
        "79.90" => "Tourist Services",
        "55.10" => "Hotel",
        "55.20" => "Holiday Park",
        "56.10" => "Restaurant",
        "93.29" => "Leisure",
        "49.39" => "Coach Lines",
        "91.02" => "Museum Services",
        "21.20" => "Pharmaceutical",
        "21.10" => "Pharmaceutical Substances",
        "20.14" => "Organic Chemicals",
        "20.59" => "Speciality Chemicals",
        "32.50" => "Medical Instruments",
        "46.46" => "Pharmaceutical Distribution",
        "22.22" => "Plastic Packaging",
        "26.11" => "Electronic Components",
        "26.12" => "Circuit Board",
        "26.30" => "Communication Equipment",
        "26.51" => "Instrument",
        "26.70" => "Optics",
        "27.90" => "Electrical Devices",
        "24.46" => "Nuclear Fuel",
        "26.60" => "Medical Electronics",
        "71.12" => "Engineering",
        "72.19" => "Research and Development",
        "72.11" => "Biotechnology",
        "72.20" => "Social Research",
        "27.11" => "Electric Motor",
        "27.12" => "Switchgear",
        "27.32" => "Cable",
        "27.33" => "Wiring Devices",
        "27.40" => "Lighting",
        "24.44" => "Copper",
        "32.12" => "Jewellery",
        "32.13" => "Costume Jewellery",
        "47.77" => "Jewellery Retail",
        "08.99" => "Diamond Mining",
        "09.90" => "Mining Services",
        "20.41" => "Aerosol Products",
        "25.92" => "Aerosol Can",
        "20.30" => "Paint",
        "20.11" => "Industrial Gases",
        "20.15" => "Fertiliser",
        "20.16" => "Polymer",
        "20.17" => "Synthetic Rubber",
        "22.21" => "Plastic Profiles",
        "19.20" => "Refinery",
        "29.10" => "Motor Vehicle",
        "29.20" => "Car Body",
        "29.31" => "Automotive Electrics",
        "29.32" => "Auto Parts",
        "22.11" => "Tyre",
        "25.50" => "Forging",
        "27.20" => "Battery",
        "30.30" => "Aircraft",
        "25.61" => "Metal Coating",
        "24.42" => "Aluminium",
        "33.16" => "Aircraft Maintenance",
        "22.29" => "Composite",
        "30.11" => "Shipyard",
        "30.12" => "Boatyard",
        "33.15" => "Ship Repair",
        "25.11" => "Steel Structures",
        "10.89" => "Food",
        "01.64" => "Seed",
        "10.91" => "Animal Feed",
        "01.11" => "Grain",
        "01.41" => "Dairy Farm",
        "01.47" => "Poultry",
        "10.11" => "Meat Processing",
        "10.51" => "Dairy",
        "10.61" => "Flour Milling",
        "10.71" => "Bakery",
        "11.07" => "Beverages",
        "02.20" => "Logging",
        "16.10" => "Sawmill",
        "16.21" => "Plywood",
        "16.23" => "Joinery",
        "17.12" => "Paper",
        "31.01" => "Office Furniture",
        "31.09" => "Furniture",
        "13.10" => "Spinning",
        "13.20" => "Weaving",
        "13.30" => "Textile Finishing",
        "14.13" => "Garment",
        "14.19" => "Apparel",
        "15.20" => "Footwear",
        "24.10" => "Steel",
        "24.20" => "Steel Tube",
        "24.51" => "Iron Foundry",
        "25.73" => "Tool",
        "07.10" => "Iron Ore",
        "22.19" => "Rubber Products",
        "35.11" => "Power Generation",
        "25.30" => "Boiler",
        "06.10" => "Oil Production",
        "06.20" => "Gas Production",
        "09.10" => "Oilfield Services",
        "49.50" => "Pipeline",
        "05.10" => "Coal Mining",
        "19.10" => "Coke",
        "23.14" => "Glass Fibre",
        "23.99" => "Mineral Products",
        "24.45" => "Rare Metals",
        "20.60" => "Synthetic Fibre",
        "23.51" => "Cement",
        "23.61" => "Concrete Products",
        "23.32" => "Brick",
        "23.63" => "Ready-Mixed Concrete",
        "41.20" => "Construction",
        "08.12" => "Sand and Gravel",
        "90.01" => "Performing Arts",
        "59.11" => "Film Production",
        "73.11" => "Advertising",
        "74.10" => "Design",
        "58.11" => "Book Publishing",
        "52.10" => "Warehousing",
        "52.29" => "Freight Forwarding",
        "49.41" => "Road Haulage",
        "50.20" => "Shipping",
        "52.24" => "Cargo Handling",
        "49.20" => "Rail Freight",
        "03.11" => "Fishing",
        "03.21" => "Aquaculture",
        "10.20" => "Fish Processing",
        "30.20" => "Rolling Stock",
        "27.31" => "Fibre Optic Cable",
        "46.69" => "Equipment Trading",
        "73.20" => "Market Research",
        "74.90" => "Technical Consulting",
        "64.92" => "Credit",
        "64.99" => "Investment",
        "64.19" => "Bank",
        _ => "Industrial",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::SectorLevel;

    #[test]
    fn every_code_is_a_class_with_a_noun() {
        for s in SPECS {
            assert_eq!(
                SectorLevel::of(s.sector),
                Some(SectorLevel::Class),
                "{}",
                s.key
            );
            assert_eq!(SectorLevel::of(s.research), Some(SectorLevel::Class));
            for p in s.production {
                assert_eq!(SectorLevel::of(p), Some(SectorLevel::Class), "{p}");
                assert_ne!(noun(p), "Industrial", "{p} has no noun");
            }
        }
        for c in VALUE_CHAINS {
            assert_eq!(SectorLevel::of(c.from), Some(SectorLevel::Division));
            assert_eq!(SectorLevel::of(c.to), Some(SectorLevel::Division));
        }
        let keys: std::collections::BTreeSet<_> = SPECS.iter().map(|s| s.key).collect();
        assert_eq!(keys.len(), SPECS.len());
    }
}

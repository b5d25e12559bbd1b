//! The plan of the Russia profile's clusters: which regions, specialisation
//! and level each of the 119 regional and inter-regional clusters has, and
//! the national cluster ARNEST.
//!
//! The plan is fixed (the seed only draws participants, employees, founding
//! years and everything below the clusters). It is written so that, under the
//! report's counting rules, it reproduces the study's Table 1 exactly: per
//! district the clusters by level, and the regions with clusters; and the
//! study's Figure 3: 11 ICT, 11 machinery and equipment, 9 tourism,
//! 9 pharmaceuticals and 8 microelectronics and instrument-making clusters,
//! with every other specialisation at 7 or fewer. The clusters the study names
//! carry the facts it gives; every other row's region, specialisation and
//! level are a plausible placement written by hand (tests check the totals).

use crate::model::Level;

const I: Level = Level::Initial;
const M: Level = Level::Medium;
const H: Level = Level::High;

/// What the study says about a cluster it names.
#[derive(Debug, Clone, Copy)]
pub(super) struct Named {
    /// English name (from `named_clusters.csv`, or synthetic when the study gives none).
    pub name: &'static str,
    /// Russian name, as the study writes it (empty when it gives none).
    pub name_ru: &'static str,
    /// Participants, when the study gives them.
    pub participants: Option<u64>,
    /// Year founded, when the study gives it.
    pub founded: Option<i32>,
    /// The columns whose values come from the study, separated by `|`.
    pub study_fields: &'static str,
}

/// One planned cluster.
#[derive(Debug, Clone, Copy)]
pub(super) struct Planned {
    /// Region ids; the first is the home region.
    pub regions: &'static [&'static str],
    /// Specialisation key (see [`crate::generate::specs::SPECS`]).
    pub spec: &'static str,
    /// Level of organisational development.
    pub level: Level,
    /// OKVED2 class when it differs from the specialisation's default.
    pub sector: Option<&'static str>,
    /// The study's facts, for clusters it names.
    pub named: Option<Named>,
}

macro_rules! c {
    ([$($r:literal),+], $spec:literal, $level:expr) => {
        Planned { regions: &[$($r),+], spec: $spec, level: $level, sector: None, named: None }
    };
    ([$($r:literal),+], $spec:literal, $level:expr, $sector:literal) => {
        Planned { regions: &[$($r),+], spec: $spec, level: $level, sector: Some($sector), named: None }
    };
    ([$($r:literal),+], $spec:literal, $level:expr, $sector:expr, $named:expr) => {
        Planned { regions: &[$($r),+], spec: $spec, level: $level, sector: $sector, named: Some($named) }
    };
}

/// The 119 regional and inter-regional clusters, grouped by the district of
/// their home region in Table 1's order.
pub(super) const CLUSTERS: &[Planned] = &[
    // Central: 28 initial, 5 medium, 2 high; 12 of 18 regions
    c!(
        ["RU-MOW"],
        "innov",
        H,
        None,
        Named {
            name: "Moscow innovation cluster",
            name_ru: "Московский инновационный кластер",
            participants: None,
            founded: Some(2018),
            study_fields: "name|name_ru|specialisation|regions|founded",
        }
    ),
    c!(
        ["RU-KLU"],
        "pharma",
        H,
        None,
        Named {
            name: "Kaluga oblast pharmaceutical cluster",
            name_ru: "Фармацевтический кластер Калужской области",
            participants: Some(54),
            founded: None,
            study_fields: "name|name_ru|specialisation|level|regions|participants",
        }
    ),
    c!(
        ["RU-MOS"],
        "nuclear",
        I,
        None,
        Named {
            name: "Nuclear-physics technologies cluster (Dubna)",
            name_ru: "Инновационный территориальный кластер ядерно-физических технологий (г. Дубна)",
            participants: Some(80),
            founded: None,
            study_fields: "name|name_ru|specialisation|level|regions|participants",
        }
    ),
    c!(["RU-KOS"], "jewel", I),
    c!(["RU-MOW"], "ict", I),
    c!(["RU-MOW"], "ict", I, "62.02"),
    c!(["RU-MOW"], "micro", M),
    c!(["RU-MOW"], "creative", I),
    c!(["RU-MOW"], "medtech", I),
    c!(["RU-MOS"], "micro", I, "26.51"),
    c!(["RU-MOS"], "bio", M),
    c!(["RU-MOS"], "aero", I),
    c!(["RU-MOS"], "materials", I),
    c!(["RU-MOS"], "pharma", I),
    c!(["RU-MOS"], "food", I),
    c!(["RU-KLU"], "auto", M),
    c!(["RU-KLU"], "nuclear", M),
    c!(["RU-BEL"], "food", I, "10.11"),
    c!(["RU-BEL"], "construction", I),
    c!(["RU-VOR"], "micro", I),
    c!(["RU-VOR"], "mach", I, "28.41"),
    c!(["RU-LIP"], "mach", I, "28.25"),
    c!(["RU-LIP"], "metal", I),
    c!(["RU-YAR"], "pharma", M),
    c!(["RU-YAR"], "tour", I),
    c!(["RU-YAR"], "energy", I, "28.11"),
    c!(["RU-VLA"], "tour", I),
    c!(["RU-VLA"], "chem", I, "20.59"),
    c!(["RU-RYA"], "ict", I),
    c!(["RU-RYA"], "mach", I, "28.92"),
    c!(["RU-TUL"], "metal", I, "24.51"),
    c!(["RU-TUL"], "mach", I, "28.29"),
    c!(["RU-IVA"], "textile", I),
    c!(["RU-IVA"], "textile", I, "14.13"),
    c!(["RU-VLA"], "mach", I, "28.14"),
    // North-Western: 17 initial, 4 medium, 2 high; 6 of 11 regions
    c!(
        ["RU-SPE"],
        "ict",
        I,
        None,
        Named {
            name: "St Petersburg information technology cluster",
            name_ru: "",
            participants: None,
            founded: Some(1999),
            study_fields: "regions|founded",
        }
    ),
    c!(["RU-SPE"], "ict", M),
    c!(["RU-SPE"], "micro", H),
    c!(["RU-SPE"], "pharma", H),
    c!(["RU-SPE"], "medtech", M),
    c!(["RU-SPE"], "photonics", M),
    c!(["RU-SPE"], "ship", I),
    c!(["RU-SPE"], "auto", I),
    c!(["RU-SPE"], "tour", I),
    c!(["RU-SPE"], "energy", I),
    c!(["RU-SPE"], "mach", I, "28.41"),
    c!(["RU-LEN"], "chem", I),
    c!(["RU-LEN"], "wood", I),
    c!(["RU-LEN"], "logistics", I),
    c!(["RU-LEN"], "pharma", I),
    c!(["RU-KGD"], "tour", I),
    c!(["RU-KGD"], "ict", I),
    c!(["RU-KGD"], "logistics", I),
    c!(["RU-ARK"], "ship", M),
    c!(["RU-ARK"], "wood", I),
    c!(["RU-VLG"], "wood", I, "31.09"),
    c!(["RU-VLG"], "metal", I),
    c!(["RU-KR"], "tour", I),
    // Southern: 13 initial; 3 of 8 regions (PharmDolina, homed in Krasnodar
    // krai, is counted here and also gives Moscow oblast and Moscow a cluster)
    c!(
        ["RU-KDA", "RU-MOS", "RU-MOW"],
        "pharma",
        I,
        None,
        Named {
            name: "PharmDolina",
            name_ru: "ФармДолина",
            participants: None,
            founded: None,
            study_fields: "name|name_ru|specialisation|scope|regions",
        }
    ),
    c!(["RU-KDA"], "tour", I),
    c!(["RU-KDA"], "food", I),
    c!(["RU-KDA"], "construction", I, "23.51"),
    c!(["RU-KDA"], "bio", I),
    c!(["RU-ROS"], "mach", I, "28.30"),
    c!(["RU-ROS"], "rail", I),
    c!(["RU-ROS"], "textile", I, "15.20"),
    c!(["RU-ROS"], "ict", I),
    c!(["RU-ROS"], "aero", I),
    c!(["RU-AST"], "tour", I),
    c!(["RU-AST"], "oilgas", I, "06.20"),
    c!(["RU-AST"], "ship", I),
    // North Caucasian: no clusters (ARNEST is national, outside Table 1)
    // Volga: 10 initial, 7 medium, 5 high; 9 of 14 regions
    c!(
        ["RU-CU", "RU-ME"],
        "elec",
        M,
        None,
        Named {
            name: "Chuvash Republic electrotechnical cluster",
            name_ru: "Инновационный территориальный электротехнический кластер Чувашской Республики",
            participants: None,
            founded: None,
            study_fields: "name|name_ru|specialisation|scope|regions",
        }
    ),
    c!(["RU-TA"], "chem", H),
    c!(["RU-TA"], "auto", M),
    c!(["RU-TA"], "ict", I),
    c!(["RU-BA"], "oilgas", H, "19.20"),
    c!(["RU-BA"], "mach", M, "28.92"),
    c!(["RU-SAM"], "aero", H),
    c!(["RU-SAM"], "auto", M),
    c!(["RU-SAM"], "medtech", I),
    c!(["RU-NIZ"], "micro", H, "26.51"),
    c!(["RU-NIZ"], "auto", I),
    c!(["RU-NIZ"], "nuclear", H),
    c!(["RU-PER"], "aero", M),
    c!(["RU-PER"], "ict", I),
    c!(["RU-ULY"], "aero", I),
    c!(["RU-ULY"], "materials", I),
    c!(["RU-MO"], "elec", I, "27.40"),
    c!(["RU-MO"], "materials", M),
    c!(["RU-CU"], "elec", I),
    c!(["RU-ME"], "pharma", I),
    c!(["RU-TA"], "mach", M, "28.29"),
    c!(["RU-BA"], "food", I),
    // Ural: 5 initial; 4 of 6 regions
    c!(
        ["RU-SVE", "RU-CHE"],
        "mach",
        I,
        Some("28.22"),
        Named {
            name: "Lifting equipment cluster",
            name_ru: "Кластер грузоподъемного оборудования",
            participants: None,
            founded: None,
            study_fields: "name|name_ru|specialisation|scope|regions",
        }
    ),
    c!(["RU-SVE"], "metal", I),
    c!(["RU-CHE"], "metal", I, "24.20"),
    c!(["RU-TYU"], "oilgas", I),
    c!(["RU-KHM"], "ict", I),
    // Siberian: 10 initial, 6 medium, 1 high; 7 of 10 regions
    c!(["RU-NVS"], "ict", H),
    c!(["RU-NVS"], "bio", M),
    c!(["RU-NVS"], "micro", M),
    c!(["RU-TOM"], "pharma", M),
    c!(["RU-KYA"], "energy", I),
    c!(["RU-TOM"], "micro", M, "26.51"),
    c!(["RU-TOM"], "elec", I),
    c!(["RU-IRK"], "tour", I),
    c!(["RU-IRK"], "chem", I),
    c!(["RU-KEM"], "coal", I),
    c!(["RU-KEM"], "chem", I, "20.14"),
    c!(["RU-ALT"], "pharma", M),
    c!(["RU-ALT"], "tour", I),
    c!(["RU-ALT"], "food", I, "10.61"),
    c!(["RU-OMS"], "micro", I, "26.51"),
    c!(["RU-KYA"], "mach", I, "28.92"),
    c!(["RU-NVS"], "photonics", M),
    // Far Eastern: 4 initial; 3 of 11 regions
    c!(["RU-SA"], "diamond", I),
    c!(["RU-PRI"], "fish", I),
    c!(["RU-PRI"], "bio", I),
    c!(["RU-KHA"], "wood", I),
];

/// The national aerosol cluster ARNEST: national scope, outside Table 1.
pub(super) const ARNEST: Planned = c!(
    ["RU-STA", "RU-TUL", "RU-KC"],
    "aerosol",
    M,
    None,
    Named {
        name: "National aerosol cluster ARNEST",
        name_ru: "Национальный аэрозольный кластер «АРНЕСТ»",
        participants: None,
        founded: None,
        study_fields: "name|name_ru|specialisation|scope|regions",
    }
);

/// Founding years of the 119 clusters other than the two whose year the study
/// gives: more than 75 % after 2011, the peak 2012-2015, nothing between the
/// first cluster (1999) and 2009.
pub(super) const FOUNDED: &[(i32, usize)] = &[
    (2009, 3),
    (2010, 7),
    (2011, 13),
    (2012, 20),
    (2013, 18),
    (2014, 16),
    (2015, 14),
    (2016, 9),
    (2017, 7),
    (2018, 4),
    (2019, 3),
    (2020, 2),
    (2021, 1),
];

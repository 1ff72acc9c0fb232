//! The official statistical division codes (2023 edition), embedded in the binary.
//! Digits 1–2 are the province, 1–4 the city, 1–6 the county, 1–9 the township.

use super::Invalid;
use flate2::read::GzDecoder;
use std::collections::HashMap;
use std::sync::OnceLock;

const PROVINCES: &[u8] = include_bytes!("../../assets/divisions/provinces.csv.gz");
const CITIES: &[u8] = include_bytes!("../../assets/divisions/cities.csv.gz");
const COUNTIES: &[u8] = include_bytes!("../../assets/divisions/areas.csv.gz");
const TOWNSHIPS: &[u8] = include_bytes!("../../assets/divisions/streets.csv.gz");
const VILLAGES: &[u8] = include_bytes!("../../assets/divisions/villages-51-44.csv.gz");

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Division {
    pub code: String,
    pub name: String,
}

#[derive(Default)]
struct Table {
    names: HashMap<String, String>,
    /// Codes in file order, grouped under the code of their parent.
    children: HashMap<String, Vec<String>>,
}

impl Table {
    fn load(gz: &[u8], parent_column: usize) -> Table {
        let mut table = Table::default();
        let mut reader = csv::Reader::from_reader(GzDecoder::new(gz));
        for row in reader.records().flatten() {
            let (Some(code), Some(name)) = (row.get(0), row.get(1)) else {
                continue;
            };
            if let Some(parent) = row.get(parent_column) {
                table.children.entry(parent.to_string()).or_default().push(code.to_string());
            }
            table.names.insert(code.to_string(), name.to_string());
        }
        table
    }

    fn division(&self, code: &str) -> Option<Division> {
        self.names.get(code).map(|name| Division { code: code.to_string(), name: name.clone() })
    }

    fn children_of(&self, parent: &str) -> Vec<Division> {
        self.children
            .get(parent)
            .map(|codes| codes.iter().filter_map(|c| self.division(c)).collect())
            .unwrap_or_default()
    }
}

struct Divisions {
    provinces: Table,
    cities: Table,
    counties: Table,
    townships: Table,
    villages: Table,
}

fn divisions() -> &'static Divisions {
    static DIVISIONS: OnceLock<Divisions> = OnceLock::new();
    DIVISIONS.get_or_init(|| Divisions {
        provinces: Table::load(PROVINCES, 0),
        cities: Table::load(CITIES, 2),
        counties: Table::load(COUNTIES, 2),
        townships: Table::load(TOWNSHIPS, 2),
        villages: Table::load(VILLAGES, 2),
    })
}

/// Where a village code places a village.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Location {
    pub province: String,
    pub city: String,
    pub county: String,
    pub township: String,
    /// The official village name, when the embedded list has it.
    pub village: Option<String>,
}

/// Checks a 12-digit village code and returns where it lies.
pub fn locate_village(code: &str) -> Result<Location, Invalid> {
    let code = code.trim();
    if code.len() != 12 || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(Invalid::DivisionCode);
    }
    // All ASCII digits: every prefix ends on a character boundary.
    let prefix = |n: usize| code.get(..n).unwrap_or("");
    let d = divisions();
    let township = d.townships.division(prefix(9)).ok_or(Invalid::UnknownTownship)?;
    let name = |t: &Table, c: &str| t.division(c).map(|d| d.name).unwrap_or_default();
    Ok(Location {
        province: name(&d.provinces, prefix(2)),
        city: name(&d.cities, prefix(4)),
        county: name(&d.counties, prefix(6)),
        township: township.name,
        village: d.villages.division(code).map(|v| v.name),
    })
}

/// The two-digit province of a division code (`511903100204` → `51`).
pub fn province_of_code(code: &str) -> Option<&str> {
    code.get(..2).filter(|p| p.len() == 2 && p.chars().all(|c| c.is_ascii_digit()))
}

pub fn province(code: &str) -> Option<Division> {
    divisions().provinces.division(code)
}

pub fn county(code: &str) -> Option<Division> {
    divisions().counties.division(code)
}

pub fn townships_of_county(county_code: &str) -> Vec<Division> {
    divisions().townships.children_of(county_code)
}

pub fn villages_of_township(township_code: &str) -> Vec<Division> {
    divisions().villages.children_of(township_code)
}

/// Official names end in 村民委员会 / 居民委员会; people say 村 / 社区 — once:
/// 柳林村村民委员会 is 柳林村, 新场社区居民委员会 is 新场社区, 柳林村民委员会 is 柳林村.
pub fn short_village_name(official: &str) -> String {
    let official = official.trim();
    for (long, short) in [("村民委员会", "村"), ("居民委员会", "社区"), ("村委会", "村"), ("居委会", "社区")]
    {
        if let Some(stem) = official.strip_suffix(long) {
            return if stem.ends_with(short) || stem.is_empty() { stem.to_string() } else { format!("{stem}{short}") };
        }
    }
    official.to_string()
}

/// A county to choose from, with its city and province to tell namesakes apart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CountyChoice {
    pub code: String,
    pub name: String,
    /// 巴中市 · 四川省
    pub context: String,
}

/// Every county of the 2023 list, by code.
pub fn all_counties() -> Vec<CountyChoice> {
    let d = divisions();
    let name = |t: &Table, c: &str| t.division(c).map(|d| d.name).unwrap_or_default();
    let mut counties: Vec<CountyChoice> = d
        .counties
        .names
        .iter()
        .map(|(code, county)| {
            let city = name(&d.cities, code.get(..4).unwrap_or(""));
            let province = name(&d.provinces, code.get(..2).unwrap_or(""));
            let context = [city, province].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ");
            CountyChoice { code: code.clone(), name: county.clone(), context }
        })
        .collect();
    counties.sort_by(|a, b| a.code.cmp(&b.code));
    counties
}

/// The county of a village code (its first six digits), when it is a known one.
pub fn county_of_village(code: &str) -> Option<Division> {
    code.get(..6).and_then(county)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn enyang_is_there_with_its_villages() {
        assert_eq!(county("511903").unwrap().name, "恩阳区");
        let towns = townships_of_county("511903");
        assert_eq!(towns.len(), 18);
        let villages: usize = towns.iter().map(|t| villages_of_township(&t.code).len()).sum();
        assert_eq!(villages, 309);
    }

    #[test]
    fn a_village_code_gives_its_parents() {
        let loc = locate_village("511903001001").unwrap();
        assert_eq!(loc.province, "四川省");
        assert_eq!(loc.city, "巴中市");
        assert_eq!(loc.county, "恩阳区");
        assert_eq!(loc.township, "登科街道");
        assert_eq!(loc.village.as_deref(), Some("新场居民委员会"));
    }

    #[test]
    fn bad_codes() {
        assert_eq!(locate_village("51190300100"), Err(Invalid::DivisionCode));
        assert_eq!(locate_village("5119030010AB"), Err(Invalid::DivisionCode));
        assert_eq!(locate_village("511903999001"), Err(Invalid::UnknownTownship));
    }

    #[test]
    fn short_names() {
        assert_eq!(short_village_name("柳林村民委员会"), "柳林村");
        assert_eq!(short_village_name("麻石社区居民委员会"), "麻石社区");
        assert_eq!(short_village_name("新场居民委员会"), "新场社区");
        assert_eq!(short_village_name("柳林村村民委员会"), "柳林村");
        assert_eq!(short_village_name("新场社区居民委员会"), "新场社区");
        assert_eq!(short_village_name("河村村民委员会"), "河村");
        let official = villages_of_township("510503107").into_iter().find(|v| v.code == "510503107209").unwrap();
        assert_eq!(short_village_name(&official.name), "柳林村");
    }

    #[test]
    fn counties_name_their_city_and_province() {
        let all = all_counties();
        assert!(all.len() > 2800);
        let enyang = all.iter().find(|c| c.code == "511903").unwrap();
        assert_eq!((enyang.name.as_str(), enyang.context.as_str()), ("恩阳区", "巴中市 · 四川省"));
    }
}

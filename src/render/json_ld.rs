//! schema.org data for every page kind, as one JSON-LD graph per page that search engines read.
//!
//! The block sits in a `<script type="application/ld+json">` element. Browsers
//! never run it (a Content-Security-Policy does not need to allow it), but
//! the HTML parser ends the element at the first `</script`, whatever the JSON
//! says: so every `<`, `>` and `&` in it is written as a `\u00XX` escape, as
//! are U+2028 and U+2029. The result is the same JSON value, and no record
//! field can close the element or open another.

use serde::Serialize;
use serde_json::{Map, Value, json};

use super::pages::Plan;
use super::urls::Urls;
use super::views::Bodies;
use crate::link::catalog::*;

/// A step of a page's breadcrumb trail, between the home page and the page itself.
#[derive(Debug, Clone, Serialize)]
pub struct Crumb {
    /// What the link says.
    pub title: String,
    /// The page's URL path.
    pub url: String,
}

/// What a page's structured data is made from.
pub(super) struct PageData<'a> {
    pub catalog: &'a Catalog,
    pub urls: &'a Urls,
    pub bodies: &'a Bodies,
    /// The page's title and URL path.
    pub title: &'a str,
    pub path: &'a str,
    /// The visible breadcrumb, home and the page itself left out.
    pub crumbs: &'a [Crumb],
    /// The records a list page shows, as (name, URL path).
    pub listed: Vec<(&'a str, String)>,
    /// The language of the page's text.
    pub lang: &'a str,
    /// The page's versions (this one too) as (language, absolute URL), when it has several.
    pub versions: &'a [(String, String)],
    /// The language of the record's original.
    pub original: &'a str,
}

/// The page's JSON-LD: one graph of the page's own item, its breadcrumb and its list,
/// escaped for a `<script type="application/ld+json">` element (`None` on the 404 page).
pub(super) fn page(plan: Plan, data: &PageData) -> Option<String> {
    let mut graph: Vec<Value> = Vec::new();
    match plan {
        Plan::NotFound => return None,
        Plan::Home => {
            graph.push(website(data));
            graph.extend(organization(data.catalog, data.urls));
        }
        Plan::Module(m) => graph.push(translations(data, course(data, m))),
        Plan::Programme(g) => graph.push(programme(data, g)),
        Plan::Employer(e) => graph.push(employer(data, e)),
        Plan::Project(p) => graph.push(translations(data, project(data, p))),
        Plan::Role(r) => graph.extend(job_posting(data, r)),
        Plan::Catalog | Plan::ListPage(..) | Plan::Skills | Plan::Skill(_) | Plan::Page(_) => {}
    }
    if !data.listed.is_empty() {
        graph.push(item_list(data));
    }
    if plan != Plan::Home {
        graph.push(breadcrumb(data));
    }
    Some(crate::escape::script_json(&json!({"@context": "https://schema.org", "@graph": graph}).to_string()))
}

/// A creative work's links to its versions in other languages: `workTranslation` on the
/// original, `translationOfWork` on a translation, each version named by its URL and language.
fn translations(data: &PageData, mut item: Value) -> Value {
    let kind = item["@type"].clone();
    let version = |(lang, url): &(String, String)| json!({"@type": kind, "url": url, "inLanguage": lang});
    let others = data.versions.iter().filter(|(lang, _)| lang != data.lang);
    let (key, links): (&str, Vec<Value>) = if data.lang == data.original {
        ("workTranslation", others.map(version).collect())
    } else {
        ("translationOfWork", others.filter(|(lang, _)| lang == data.original).map(version).collect())
    };
    if let (Value::Object(map), false) = (&mut item, links.is_empty()) {
        map.insert(key.to_owned(), Value::Array(links));
    }
    item
}

/// The page's own absolute URL.
fn here(data: &PageData) -> String {
    data.urls.permalink(data.path)
}

/// Drops the entries whose value is null or an empty list: absent, not empty.
fn object(value: Value) -> Value {
    match value {
        Value::Object(map) => Value::Object(
            map.into_iter()
                .filter(|(_, v)| !(v.is_null() || v.as_array().is_some_and(Vec::is_empty)))
                .collect::<Map<String, Value>>(),
        ),
        other => other,
    }
}

fn website(data: &PageData) -> Value {
    let config = &data.catalog.config;
    object(json!({
        "@type": "WebSite",
        "name": config.title,
        "url": data.urls.permalink(&data.urls.home()),
        "inLanguage": config.language,
        "description": config.description,
        "publisher": organization(data.catalog, data.urls),
    }))
}

/// The site's organisation (`organization` in site.yaml), the provider of its courses.
pub(super) fn organization(catalog: &Catalog, urls: &Urls) -> Option<Value> {
    let org = catalog.config.organization.as_ref()?;
    let url = org.url.clone().unwrap_or_else(|| catalog.config.base_url.to_string());
    let address = org.country.map(|c| json!({"@type": "PostalAddress", "addressCountry": c.code()}));
    Some(object(json!({
        "@type": "EducationalOrganization",
        "name": org.name,
        "url": url,
        "logo": org.logo.as_ref().map(|l| static_url(urls, &l.path)),
        "sameAs": org.same_as,
        "address": address,
    })))
}

/// The absolute URL of a file of `content/static/`.
pub(super) fn static_url(urls: &Urls, path: &str) -> String {
    urls.permalink(&urls.static_file(path))
}

fn breadcrumb(data: &PageData) -> Value {
    let home = data.catalog.config.title.as_str();
    let steps = std::iter::once((home, data.urls.home()))
        .chain(data.crumbs.iter().map(|c| (c.title.as_str(), c.url.clone())))
        .chain(std::iter::once((data.title, data.path.to_owned())));
    let items: Vec<Value> = steps
        .enumerate()
        .map(|(i, (name, path))| {
            json!({"@type": "ListItem", "position": i + 1, "name": name, "item": data.urls.permalink(&path)})
        })
        .collect();
    json!({"@type": "BreadcrumbList", "itemListElement": items})
}

/// The summary list Google's course lists read: each listed record's position and URL.
fn item_list(data: &PageData) -> Value {
    let items: Vec<Value> = data
        .listed
        .iter()
        .enumerate()
        .map(|(i, (name, path))| {
            json!({"@type": "ListItem", "position": i + 1, "name": name, "url": data.urls.permalink(path)})
        })
        .collect();
    json!({"@type": "ItemList", "url": here(data), "numberOfItems": items.len(), "itemListElement": items})
}

/// A course named and linked, as other items refer to it.
fn course_ref(catalog: &Catalog, urls: &Urls, m: ModuleIx) -> Value {
    let module = &catalog[m];
    json!({"@type": "Course", "name": module.title, "url": urls.permalink(&urls.module(&module.id))})
}

/// Credits with their unit: ECTS may be fractional, so a `QuantitativeValue` (a `StructuredValue`).
fn credits(ects: f64) -> Value {
    json!({"@type": "QuantitativeValue", "value": ects, "unitText": "ECTS"})
}

fn course(data: &PageData, m: ModuleIx) -> Value {
    let (catalog, urls) = (data.catalog, data.urls);
    let module = &catalog[m];
    let hours = format!("PT{}H", module.duration_hours);
    let programmes: Vec<String> =
        module.programmes.iter().map(|&g| urls.permalink(&urls.programme(&catalog[g].id))).collect();
    object(json!({
        "@type": "Course",
        "name": module.title,
        "description": module.summary,
        "url": here(data),
        "provider": organization(catalog, urls),
        "courseCode": module.code,
        "inLanguage": data.lang,
        "educationalLevel": module.level.as_str(),
        "timeRequired": hours,
        "numberOfCredits": module.ects.map(credits),
        "teaches": module.skills.iter().map(|&s| catalog[s].name.as_str()).collect::<Vec<_>>(),
        "coursePrerequisites": module.prerequisites.iter().map(|&p| course_ref(catalog, urls, p)).collect::<Vec<_>>(),
        "isPartOf": programmes,
        "hasCourseInstance": {"@type": "CourseInstance", "courseMode": "online", "courseWorkload": hours},
    }))
}

fn programme(data: &PageData, g: ProgrammeIx) -> Value {
    let (catalog, urls) = (data.catalog, data.urls);
    let programme = &catalog[g];
    let next = programme.cohorts.iter().filter(|c| c.starts >= catalog.build_date).min_by_key(|c| c.starts);
    let offers: Vec<Value> = programme
        .tuition
        .iter()
        .map(|t| {
            object(json!({
                "@type": "Offer",
                "category": "Paid",
                "price": t.amount,
                "priceCurrency": t.currency.code(),
                "eligibleRegion": {"@type": "Country", "name": t.country.code()},
                "description": t.note,
            }))
        })
        .collect();
    object(json!({
        "@type": "EducationalOccupationalProgram",
        "name": programme.title,
        "description": programme.summary,
        "url": here(data),
        "provider": organization(catalog, urls),
        "educationalProgramMode": "online",
        "timeToComplete": programme.duration_months.map(|m| format!("P{m}M")),
        "numberOfCredits": (programme.total_ects > 0.0).then(|| credits(programme.total_ects)),
        "educationalCredentialAwarded": programme.credential,
        "hasCourse": programme.modules.iter().map(|&m| course_ref(catalog, urls, m)).collect::<Vec<_>>(),
        "startDate": next.map(|c| c.starts.to_string()),
        "applicationDeadline": next.and_then(|c| c.applications_close).map(|d| d.to_string()),
        "maximumEnrollment": next.and_then(|c| c.seats),
        "offers": offers,
    }))
}

/// A place with a postal address: a city (when known) in a country.
fn place(city: Option<&str>, country: Country) -> Value {
    let address = object(json!({"@type": "PostalAddress", "addressLocality": city, "addressCountry": country.code()}));
    json!({"@type": "Place", "address": address})
}

/// An employer as an `Organization`: its page, its own website and its offices.
fn organization_of(catalog: &Catalog, urls: &Urls, e: EmployerIx) -> Value {
    let employer = &catalog[e];
    object(json!({
        "@type": "Organization",
        "name": employer.name,
        "url": urls.permalink(&urls.employer(&employer.id)),
        "sameAs": employer.website,
    }))
}

fn employer(data: &PageData, e: EmployerIx) -> Value {
    let employer = &data.catalog[e];
    let mut value = organization_of(data.catalog, data.urls, e);
    let locations: Vec<Value> = employer.locations.iter().map(|l| place(Some(&l.city), l.country)).collect();
    if let Some(map) = value.as_object_mut() {
        map.insert("description".into(), employer.summary.as_str().into());
        if !locations.is_empty() {
            map.insert("location".into(), locations.into());
        }
    }
    value
}

fn project(data: &PageData, p: ProjectIx) -> Value {
    let (catalog, urls) = (data.catalog, data.urls);
    let project = &catalog[p];
    object(json!({
        "@type": "LearningResource",
        "name": project.title,
        "description": project.summary,
        "url": here(data),
        "provider": {"@type": "Organization", "name": project.provider},
        "learningResourceType": "project",
        "inLanguage": data.lang,
        "educationalLevel": project.level.map(Choice::as_str),
        "timeRequired": project.estimated_hours.map(|h| format!("PT{h}H")),
        "teaches": project.skills.iter().map(|&s| catalog[s].name.as_str()).collect::<Vec<_>>(),
        "isPartOf": project.modules.iter().map(|&m| course_ref(catalog, urls, m)).collect::<Vec<_>>(),
    }))
}

/// Google's job-posting employment types.
fn google_employment_type(kind: EmploymentType) -> &'static str {
    match kind {
        EmploymentType::FullTime => "FULL_TIME",
        EmploymentType::PartTime => "PART_TIME",
        EmploymentType::Contract => "CONTRACTOR",
        EmploymentType::Internship => "INTERN",
        EmploymentType::Apprenticeship => "OTHER",
    }
}

fn salary(s: Salary) -> Value {
    let unit = match s.period {
        SalaryPeriod::Year => "YEAR",
        SalaryPeriod::Month => "MONTH",
        SalaryPeriod::Day => "DAY",
        SalaryPeriod::Hour => "HOUR",
    };
    let value = match s.max {
        Some(max) => json!({"@type": "QuantitativeValue", "minValue": s.min, "maxValue": max, "unitText": unit}),
        None => json!({"@type": "QuantitativeValue", "value": s.min, "unitText": unit}),
    };
    json!({"@type": "MonetaryAmount", "currency": s.currency.code(), "value": value})
}

/// An open role's `JobPosting`. Google requires a posting date and, unless the role is
/// remote, a place: a role without them (or closed) has none.
fn job_posting(data: &PageData, r: RoleIx) -> Option<Value> {
    let (catalog, urls) = (data.catalog, data.urls);
    let role = &catalog[r];
    let employer = &catalog[r.employer];
    let posted = role.posted.filter(|_| role.open)?;
    let office = match (role.country, employer.locations.first()) {
        (Some(country), _) => Some(place(role.city.as_deref(), country)),
        (None, Some(l)) => Some(place(Some(&l.city), l.country)),
        (None, None) => None,
    };
    let remote = role.remote();
    if office.is_none() && !remote {
        return None;
    }
    let countries = match (role.applicant_countries.as_slice(), role.country) {
        ([], Some(country)) => vec![country],
        (listed, _) => listed.to_vec(),
    };
    let description = data.bodies.roles.get(r.employer.0).and_then(|roles| roles.get(r.position));
    let description = match (description.filter(|d| !d.is_empty()), &role.summary) {
        (Some(html), _) => html.to_string(),
        (None, Some(summary)) => format!("<p>{}</p>", crate::escape::html(summary)),
        (None, None) => format!("<p>{}</p>", crate::escape::html(&role.title)),
    };
    Some(object(json!({
        "@type": "JobPosting",
        "title": role.title,
        "description": description,
        "url": here(data),
        "datePosted": posted.to_string(),
        "validThrough": role.closes.map(|d| format!("{d}T23:59:59")),
        "hiringOrganization": organization_of(catalog, urls, r.employer),
        "jobLocation": if remote && role.country.is_none() { None } else { office },
        "jobLocationType": remote.then_some("TELECOMMUTE"),
        "applicantLocationRequirements": if remote {
            countries.iter().map(|c| json!({"@type": "Country", "name": c.code()})).collect()
        } else {
            Vec::new()
        },
        "employmentType": role.employment_type.map(google_employment_type),
        "baseSalary": role.salary.map(salary),
        "directApply": false,
        "identifier": {"@type": "PropertyValue", "name": employer.name, "value": format!("{}/{}", employer.id, role.id)},
    })))
}

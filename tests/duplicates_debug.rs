use copydesk::document::Document;
use copydesk::source::SourceFile;
use copydesk::rules::repeats::*;
#[test]
fn debug() {
    let source = SourceFile::read(std::path::Path::new("fixtures/seed/article.html")).unwrap();
    let doc = Document::parse(&source).unwrap();
    for b in &doc.blocks { println!("{:?} {} {:?} ld={}", b.kind, tokens(&b.text).len(), &b.text[..b.text.len().min(50)], link_density(&doc, b)); }
}
#[test]
fn debug2() {
    let a = tokens("The Soyuz MS-09 spacecraft is launched with three members of the Expedition 56 crew bound for the International Space Station. Photo Credit: Sean Costello / SpaceFlight Insider");
    let b = tokens("The Soyuz MS-09 spacecraft was launched with three members of the Expedition 56 crew bound for the International Space Station. Photo Credit: Sean Costello / SpaceFlight Insider");
    println!("{:?}", word_diff(&a, &b, 0.85));
    let mut idx = CandidateIndex::default();
    println!("{:?}", idx.query_and_insert(&a));
    println!("{:?}", idx.query_and_insert(&b));
}
#[test]
fn debug3() {
    let source = SourceFile::read(std::path::Path::new("fixtures/seed/article.html")).unwrap();
    let doc = Document::parse(&source).unwrap();
    let t = toml::Table::new();
    let r = copydesk::rules::Resources::default();
    for rule in copydesk::rules::registry() {
        let ctx = copydesk::rules::RuleContext { severity: rule.meta().default_severity, options: &t, resources: &r };
        let mut out = vec![];
        rule.check(&doc, &ctx, &mut out);
        println!("{} {:?}", rule.meta().id, out);
    }
}

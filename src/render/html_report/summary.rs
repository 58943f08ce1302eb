//! The summary of the HTML report, written after the pages (when every
//! count is known) and shown before them: the totals, findings per rule,
//! every finding in a table with the rule and severity filters, findings
//! per page, and the files that could not be read.

use super::escape::Escaped;
use super::{HtmlReport, page_link, plural, severity_slot};
use crate::diagnostic::Severity;
use crate::render::{FileFailure, sorted_failure_list};
use std::collections::{BTreeSet, HashMap};
use std::fmt::{Result, Write};

pub(super) fn write_summary(
    html: &mut String,
    report: &HtmlReport,
    failures: &[FileFailure],
) -> Result {
    html.push_str("<section id=\"summary\">\n");
    write_totals(html, report, failures.len())?;
    write_rules(html, report)?;
    write_findings(html, report)?;
    write_pages(html, report)?;
    write_failures(html, failures)?;
    html.push_str("</section>\n");
    Ok(())
}

fn write_totals(html: &mut String, report: &HtmlReport, failures: usize) -> Result {
    let mut counts = [0; 3];
    for row in &report.pages {
        for (total, n) in counts.iter_mut().zip(row.counts) {
            *total += n;
        }
    }
    let total: usize = counts.iter().sum();
    let with_findings = report
        .pages
        .iter()
        .filter(|p| p.counts.iter().sum::<usize>() > 0)
        .count();
    write!(
        html,
        "<header class=\"top\"><h1>copydesk report</h1>\n<p class=\"totals\"><strong>{}</strong> \
         ({}, {}, {} info) on {} of {} checked",
        plural(total, "finding"),
        plural(counts[0], "error"),
        plural(counts[1], "warning"),
        counts[2],
        with_findings,
        plural(report.pages.len(), "page"),
    )?;
    if failures > 0 {
        write!(html, "; {} could not be read", plural(failures, "file"))?;
    }
    html.push_str(".</p></header>\n");
    Ok(())
}

fn write_rules(html: &mut String, report: &HtmlReport) -> Result {
    let rows = report.per_rule.sorted();
    if rows.is_empty() {
        return Ok(());
    }
    let mut pages: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    for finding in &report.findings {
        pages.entry(finding.rule).or_default().insert(finding.page);
    }
    html.push_str(
        "<section class=\"box\" id=\"by-rule\"><h2>Findings by rule</h2>\n\
         <table class=\"sortable\"><thead><tr><th>Rule</th><th class=\"n\">Findings</th>\
         <th class=\"n\">Pages</th><th>What it finds</th></tr></thead><tbody>\n",
    );
    for (rule, count) in rows {
        let summary = report
            .rules
            .iter()
            .find(|meta| meta.id == rule)
            .map_or("", |meta| meta.summary);
        writeln!(
            html,
            "<tr data-rule=\"{0}\"><td><code>{0}</code></td><td class=\"n\">{1}</td>\
             <td class=\"n\">{2}</td><td>{3}</td></tr>",
            Escaped(rule),
            count,
            pages.get(rule).map_or(0, BTreeSet::len),
            Escaped(summary),
        )?;
    }
    html.push_str("</tbody></table></section>\n");
    Ok(())
}

fn write_findings(html: &mut String, report: &HtmlReport) -> Result {
    if report.findings.is_empty() {
        return Ok(());
    }
    html.push_str(
        "<section class=\"box\" id=\"findings\"><h2>Findings</h2>\n<div class=\"filters\">\
         <label for=\"filter-rule\">Rule</label><select id=\"filter-rule\">\
         <option value=\"\">All rules</option>",
    );
    for (rule, _) in report.per_rule.sorted() {
        write!(html, "<option>{}</option>", Escaped(rule))?;
    }
    html.push_str(
        "</select><label for=\"filter-sev\">Severity</label><select id=\"filter-sev\">\
         <option value=\"\">All severities</option>",
    );
    for severity in [Severity::Error, Severity::Warning, Severity::Info] {
        write!(html, "<option>{severity}</option>")?;
    }
    write!(
        html,
        "</select><span><span id=\"shown\">{}</span> shown</span></div>\n\
         <div class=\"scroll\"><table class=\"sortable\" id=\"findings-table\"><thead><tr>\
         <th>Page</th><th class=\"n\">Line</th><th>Severity</th><th>Rule</th><th>Message</th>\
         </tr></thead><tbody>\n",
        report.findings.len()
    )?;
    for finding in &report.findings {
        let Some(page) = report.pages.get(finding.page) else {
            continue;
        };
        write!(
            html,
            "<tr class=\"finding\" data-rule=\"{}\" data-sev=\"{}\"><td>",
            Escaped(finding.rule),
            finding.severity
        )?;
        page_link(html, finding.page, page)?;
        let message = Escaped(&finding.message);
        write!(
            html,
            "</td><td class=\"n\" data-v=\"{}\">{}:{}</td>\
             <td data-v=\"{}\" class=\"sev-pill sev-{}\">{}</td><td><code>{}</code></td><td>",
            finding.line,
            finding.line,
            finding.column,
            severity_slot(finding.severity),
            finding.severity,
            finding.severity,
            Escaped(finding.rule),
        )?;
        if page.has_section {
            writeln!(
                html,
                "<a href=\"#f{}-d{}\">{message}</a></td></tr>",
                finding.page, finding.diagnostic
            )?;
        } else {
            writeln!(html, "{message}</td></tr>")?;
        }
    }
    html.push_str("</tbody></table></div></section>\n");
    Ok(())
}

fn write_pages(html: &mut String, report: &HtmlReport) -> Result {
    html.push_str(
        "<section class=\"box\" id=\"by-page\"><h2>Pages</h2>\n<div class=\"scroll\">\
         <table class=\"sortable\" id=\"pages-table\"><thead><tr><th>Page</th><th>Title</th>\
         <th class=\"n\">Errors</th><th class=\"n\">Warnings</th><th class=\"n\">Info</th>\
         <th class=\"n\">Findings</th></tr></thead><tbody>\n",
    );
    for (index, row) in report.pages.iter().enumerate() {
        html.push_str("<tr><td>");
        page_link(html, index, row)?;
        let [errors, warnings, infos] = row.counts;
        let total = errors + warnings + infos;
        writeln!(
            html,
            "</td><td>{}</td><td class=\"n\">{errors}</td><td class=\"n\">{warnings}</td>\
             <td class=\"n\">{infos}</td><td class=\"n{}\">{total}</td></tr>",
            Escaped(row.title.as_deref().unwrap_or("")),
            if total == 0 { " clean" } else { "" },
        )?;
    }
    html.push_str("</tbody></table></div></section>\n");
    Ok(())
}

fn write_failures(html: &mut String, failures: &[FileFailure]) -> Result {
    if failures.is_empty() {
        return Ok(());
    }
    html.push_str(
        "<section class=\"box\" id=\"failures\"><h2>Files that could not be read</h2>\n<ul>\n",
    );
    for failure in sorted_failure_list(failures) {
        writeln!(
            html,
            "<li><span class=\"path\">{}</span>: {}</li>",
            Escaped(&failure.path),
            Escaped(&failure.message)
        )?;
    }
    html.push_str("</ul></section>\n");
    Ok(())
}

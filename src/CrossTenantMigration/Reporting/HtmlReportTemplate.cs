using System.Net;

namespace CrossTenantMigration.Reporting
{
    /// <summary>The HTML report's head and styles: everything inline, printable on A4 and Letter.</summary>
    internal static class HtmlReportTemplate
    {
        private const string Styles = @"
:root { --completed:#1a7f37; --inprogress:#0969da; --failed:#cf222e; --invalid:#bc4c00; --notstarted:#6e7781; --cancelled:#8250df; }
* { box-sizing: border-box; }
body { font-family: 'Segoe UI', Helvetica, Arial, sans-serif; font-size: 14px; color: #1f2328; margin: 0; background: #fff; }
header { background: #f6f8fa; border-bottom: 1px solid #d0d7de; padding: 16px 24px; }
header h1 { margin: 0 0 4px; font-size: 22px; }
header p { margin: 0; color: #57606a; }
header p.time-zone { margin-top: 4px; }
main { padding: 8px 24px 24px; max-width: 1200px; }
h2 { font-size: 18px; border-bottom: 1px solid #d0d7de; padding-bottom: 4px; margin-top: 28px; }
h3 { font-size: 15px; margin: 16px 0 4px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; word-break: break-word; }
th { background: #f6f8fa; }
td.number { text-align: right; }
table.summary { width: auto; min-width: 300px; }
code { font-family: Consolas, 'Courier New', monospace; font-size: 12px; }
.facts, .message { margin: 2px 0; color: #57606a; }
.badge { white-space: nowrap; font-weight: 600; }
.completed { color: var(--completed); } .inprogress { color: var(--inprogress); } .failed { color: var(--failed); }
.invalid { color: var(--invalid); } .notstarted { color: var(--notstarted); } .cancelled { color: var(--cancelled); }
td.none { color: #8c959f; }
table.failures th, table.failures td:nth-child(1), table.failures td:nth-child(3), table.failures td:nth-child(4) { white-space: nowrap; word-break: normal; }
table.failures td.remedy { min-width: 16em; }
.upn, .display-name { display: block; }
.display-name { color: #57606a; }
.workload { margin-bottom: 12px; }
.bar { display: flex; height: 22px; border: 1px solid #d0d7de; border-radius: 4px; overflow: hidden; max-width: 900px; }
.bar span { display: block; height: 100%; color: #fff; text-align: center; font-size: 13px; line-height: 20px; overflow: hidden; }
.bar .completed { background: var(--completed); } .bar .inprogress { background: var(--inprogress); } .bar .failed { background: var(--failed); }
.bar .invalid { background: var(--invalid); } .bar .notstarted { background: var(--notstarted); } .bar .cancelled { background: var(--cancelled); }
.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; flex-wrap: wrap; gap: 4px 16px; }
.swatch { font-weight: 700; }
@page { margin: 12mm; }
@media print {
  body { font-size: 10pt; }
  header { background: none; border-bottom: 2px solid #000; padding: 0 0 6px; }
  main { padding: 0; max-width: none; }
  thead { display: table-header-group; }
  tr, .workload, .bar { break-inside: avoid; page-break-inside: avoid; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  .bar, .bar span { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  td.remedy a::after { content: "" ("" attr(href) "")""; font-size: 8pt; }
}
";

        public static string Head(ReportHeader header, ReportTimes times)
        {
            var tenant = WebUtility.HtmlEncode(header.TenantId ?? "unknown tenant");
            var when = WebUtility.HtmlEncode(times.Shown(header.GeneratedAt));
            return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n" +
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n" +
                $"<title>Cross-tenant migration report, {tenant}, {when}</title>\n<style>{Styles}</style></head>\n<body>\n" +
                $"<header><h1>Cross-tenant migration report</h1>\n<p>Generated {when} · tenant <code>{tenant}</code> · Microsoft Graph " +
                $"<code>{WebUtility.HtmlEncode(header.ApiVersion)}</code> at <code>{WebUtility.HtmlEncode(header.Endpoint)}</code></p>\n" +
                $"<p class=\"time-zone\" data-time-zone=\"{WebUtility.HtmlEncode(times.Zone.Id)}\" data-utc-offset=\"{times.OffsetAt(header.GeneratedAt)}\">" +
                $"{WebUtility.HtmlEncode(times.Statement(header.GeneratedAt))}</p></header>\n<main>\n";
        }
    }
}

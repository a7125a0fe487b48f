#include "options.hpp"

#include "printed_figures.hpp"

#include "progress_bar.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <sstream>
#include <utility>

namespace chiso_cli {
namespace {

chiso::language& ui_language_value() {
  static chiso::language lang = chiso::language::vi;
  return lang;
}

// CLI11's help with the names of positional arguments ("[files...]") for people in --lang; the
// names the parser matches stay as registered (they are also the keys of its errors).
class localized_formatter : public CLI::Formatter {
 public:
  std::string make_option_name(const CLI::Option* opt, bool is_positional) const override {
    return is_positional ? tr(opt->get_name(true, false))
                         : CLI::Formatter::make_option_name(opt, false);
  }
  // CLI11 pads the left column by bytes: a Vietnamese name or label ("tệp", "Loại trừ") would
  // push its description off the column by one per accented letter.
  std::string make_option(const CLI::Option* opt, bool is_positional) const override {
    const auto left = make_option_name(opt, is_positional) + make_option_opts(opt);
    const auto letters =
        static_cast<std::size_t>(std::count_if(left.begin(), left.end(), [](char c) {
          return (static_cast<unsigned char>(c) & 0xC0U) != 0x80U;
        }));
    std::stringstream out;
    // A left column too wide wraps: the description starts on the next line, padded by spaces.
    const bool wraps = letters + 2 >= get_column_width();
    CLI::detail::format_help(out, left, make_option_desc(opt),
                             get_column_width() + (wraps ? 0 : left.size() - letters));
    return out.str();
  }
};

void localize_options(CLI::App& app, const std::shared_ptr<CLI::Formatter>& formatter) {
  app.formatter(formatter);
  // The heading the subcommands are listed under is their group's name.
  if (app.get_parent() && app.get_group() == "Subcommands") app.group(tr("Subcommands"));
  app.description(tr(app.get_description()));
  for (auto* option : app.get_options()) {
    option->description(tr(option->get_description()));
    if (option->get_group() == "Options") option->group(tr("Options"));
  }
  for (auto* sub : app.get_subcommands({})) localize_options(*sub, formatter);
}

}  // namespace

CLI::Validator whole_number_range(int lowest, int highest) {
  // CLI11 describes it as "INT in [0 - 18]", in English whatever the help's language.
  return CLI::Range(lowest, highest)
      .description(tr("INT in [{} - {}]", {std::to_string(lowest), std::to_string(highest)}));
}

chiso::language ui_language() {
  return ui_language_value();
}

void set_ui_language(chiso::language lang) {
  ui_language_value() = lang;
}

std::string tr(std::string_view text) {
  return std::string(chiso::translate(text, ui_language()));
}

std::string tr(std::string_view pattern, const std::vector<std::string>& values) {
  return chiso::translate(pattern, ui_language(), values);
}

chiso::language language_of(int argc, const char* const* argv) {
  for (int i = 1; i < argc; ++i) {
    const std::string_view arg(argv[i]);
    std::optional<chiso::language> asked;
    if (arg == "--lang" && i + 1 < argc) asked = chiso::parse_language(argv[i + 1]);
    if (arg.substr(0, 7) == "--lang=") asked = chiso::parse_language(arg.substr(7));
    if (asked) return *asked;
  }
  return chiso::language_from_locale(std::getenv("LC_ALL"), std::getenv("LC_MESSAGES"),
                                     std::getenv("LANG"));
}

void localize_help(CLI::App& app) {
  const std::string help =
      "language of what is printed for people: vi or en (default from the locale: LC_ALL, "
      "LC_MESSAGES, LANG; else vi); JSON keys and diagnostic codes do not change";
  const auto add_lang = [&](CLI::App& a) {
    a.add_option("--lang", help)
        ->type_name("TEXT")
        ->check(CLI::IsMember({"vi", "en"}, CLI::ignore_case));
  };
  add_lang(app);
  for (auto* sub : app.get_subcommands({})) add_lang(*sub);
  auto formatter = std::make_shared<localized_formatter>();
  localize_options(app, formatter);
  for (const char* label : {"Usage", "OPTIONS", "Options", "Positionals", "Subcommands",
                            "SUBCOMMAND", "REQUIRED", "Excludes", "Needs"})
    formatter->label(label, tr(label));
}

// JSON is read by programs: its title and notes stay as the library wrote them whatever --lang
// says (CSV prints neither), so a portal parsing them sees the same text in every locale.
void print_table(std::ostream& out, const chiso::table& t, chiso::output_format format) {
  if (format == chiso::output_format::json) return chiso::write_table(out, t, format);
  chiso::write_table(out, chiso::localized(t, ui_language()), format);
}

void print_table(std::ostream& out, chiso::table&& t, chiso::output_format format) {
  if (format == chiso::output_format::json) return chiso::write_table(out, t, format);
  chiso::write_table(out, chiso::localized(std::move(t), ui_language()), format);
}

void add_output_options(CLI::App& cmd, output_options& o, workbook xlsx) {
  if (xlsx == workbook::none)
    cmd.add_option("--format", o.format, "table, csv, json or markdown")
        ->check(CLI::IsMember({"table", "csv", "json", "markdown"}))
        ->capture_default_str();
  else if (xlsx == workbook::add_output)
    cmd.add_option("--format", o.format,
                   "table, csv, json, markdown or xlsx (an Excel workbook written to -o FILE)")
        ->check(CLI::IsMember({"table", "csv", "json", "markdown", "xlsx"}))
        ->capture_default_str();
  else
    // `report` writes a file of its own: an HTML page ('table', as the other subcommands call
    // their people's view, is accepted too), the JSON behind it, or a workbook. CSV and
    // Markdown are refused here, where the choices are, not after loading everything.
    cmd.add_option("--format", o.format,
                   "html (a self-contained page, the default), json or xlsx (an Excel workbook)")
        ->check(CLI::IsMember({"html", "table", "json", "xlsx"}))
        ->transform([](std::string value) { return value == "html" ? "table" : value; })
        ->default_str("html");
  if (xlsx == workbook::add_output)
    cmd.add_option("-o,--output", o.output_file, "the workbook --format xlsx writes (FILE.xlsx)");
  auto* point = cmd.add_flag("--decimal-point", o.decimal_point,
                             "print 86.11 instead of 86,11 (JSON always uses a point)");
  cmd.add_flag("--decimal-comma", o.decimal_comma, "print 86,11 (the default)")->excludes(point);
  cmd.add_option("--precision", o.precision, "decimals of percentages")
      ->check(whole_number_range(0, 18))
      ->capture_default_str();
  cmd.add_option("--points-precision", o.points_precision,
                 "decimals of points (default: the decimals the tree declares)")
      ->check(whole_number_range(0, 18));
  cmd.add_option("--rounding", o.rounding, "half_up, half_even or truncate (display only)")
      ->check(CLI::IsMember({"half_up", "half_even", "truncate"}))
      ->capture_default_str();
}

chiso::output_format format_of(const output_options& o) {
  // A workbook holds the tables as the CSV view has them: numeric ranks, one value a cell.
  if (wants_workbook(o)) return chiso::output_format::csv;
  // Ignoring -o would leave the user looking for a file that was never written.
  if (!o.output_file.empty())
    throw chiso::usage_error(
        tr("-o writes a workbook (--format xlsx); the other formats print to standard output: "
           "redirect it (> FILE)"));
  return *chiso::parse_output_format(o.format);
}

bool has_extension(const std::string& file, std::string_view extension) {
  if (file.size() < extension.size()) return false;
  for (std::size_t i = 0; i < extension.size(); ++i) {
    char c = file[file.size() - extension.size() + i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != extension[i]) return false;
  }
  return true;
}

bool wants_workbook(const output_options& o) {
  // `-o ranks.xlsx` without --format: the file's name says what to write.
  return o.format == "xlsx" || (o.format == "table" && has_extension(o.output_file, ".xlsx"));
}

int write_workbook(const output_options& o, const std::vector<chiso::xlsx_sheet>& sheets,
                   const std::vector<std::string>& notes) {
  if (o.output_file.empty())
    throw chiso::usage_error(
        tr("--format xlsx writes a workbook: give its file with -o FILE.xlsx"));
  {
    // Tried first, as write_page does: libxlsxwriter would print its own raw message to stderr.
    std::ofstream probe(o.output_file, std::ios::binary);
    if (!probe) {
      std::cerr << o.output_file << ": " << tr("error") << ": " << tr("cannot write file") << "\n";
      return exit_invalid_input;
    }
  }
  auto localized = sheets;
  for (auto& sheet : localized) {
    sheet.name = chiso::localize_text(sheet.name, ui_language());
    sheet.content = chiso::localized(sheet.content, ui_language());
    for (auto& chart : sheet.charts) {
      chart.title = chiso::localize_text(chart.title, ui_language());
      chart.value_axis_title = chiso::localize_text(chart.value_axis_title, ui_language());
    }
  }
  std::vector<std::string> localized_notes;
  for (const auto& note : notes)
    localized_notes.push_back(chiso::localize_text(note, ui_language()));
  chiso::write_xlsx(o.output_file, {localized, localized_notes, ui_language()});
  std::cout << o.output_file << ": " << tr("written") << "\n";
  return exit_ok;
}

std::vector<chiso::xlsx_sheet> sheets_by(const chiso::table& t, const std::string& key,
                                         const std::string& name,
                                         const std::vector<chiso::xlsx_chart>& charts) {
  std::optional<std::size_t> column;
  for (std::size_t c = 0; c < t.columns.size(); ++c)
    if (t.columns[c].key == key) column = c;
  if (!column) return {{name, t, charts}};
  std::vector<chiso::xlsx_sheet> out;
  for (const auto& row : t.rows) {
    const auto& value = row[*column];
    auto it = std::find_if(out.begin(), out.end(),
                           [&](const chiso::xlsx_sheet& s) { return s.name == value; });
    if (it == out.end()) {
      chiso::table part = t;
      part.rows.clear();
      part.notes.clear();
      part.title = t.title + (value.empty() ? std::string() : " — " + value);
      // A chart copied onto several sheets says whose it is (the group as the data writes it).
      auto titled = charts;
      if (!value.empty())
        for (auto& chart : titled) chart.title += " — " + value;
      out.push_back({value.empty() ? name : value, std::move(part), std::move(titled)});
      it = std::prev(out.end());
    }
    it->content.rows.push_back(row);
  }
  if (out.empty()) return {{name, t, charts}};
  return out;
}

chiso::report_options report_options_from(const output_options& o,
                                          const chiso::criterion_tree& tree) {
  const auto format = format_of(o);
  const char separator = (o.decimal_point || format == chiso::output_format::json) ? '.' : ',';
  const auto mode = chiso::parse_rounding(o.rounding);
  chiso::report_options r = chiso::report_options_for(tree);
  r.points = {o.points_precision.value_or(r.points.precision), mode, separator};
  r.percent = {o.precision, mode, separator};
  // Cells a program reads (CSV, JSON) are the same whatever --lang says; the tables' own
  // language is Vietnamese. A workbook is for people and follows --lang.
  const bool for_programs = !wants_workbook(o) && (format == chiso::output_format::csv ||
                                                   format == chiso::output_format::json);
  r.lang = for_programs ? chiso::language::vi : ui_language();
  return r;
}

chiso::criterion_tree tree_source::load() const {
  auto tree = chiso::load_criteria(file);
  return depth == 0 ? tree : chiso::collapse(tree, depth);
}

void add_criteria_option(CLI::App& cmd, tree_source& t) {
  cmd.add_option("-c,--criteria", t.file, "criteria tree")->required();
}

void add_depth_option(CLI::App& cmd, tree_source& t) {
  cmd.add_option("--depth", t.depth,
                 "score the tree cut at this depth (lĩnh vực = 1): for results published by "
                 "lĩnh vực or dimension")
      ->check(whole_number_range(1, 99));
}

void add_unit_source(CLI::App& cmd, unit_source& s, const std::string& prefix,
                     const std::string& what) {
  auto* dir = cmd.add_option("--" + prefix + "units", s.directory,
                             tr("directory of {} score sheets (*.yaml)", {tr(what)}));
  auto* csv =
      cmd.add_option("--" + prefix + "csv", s.csv,
                     tr("{} points as CSV (unit,code,points or one row per unit)", {tr(what)}));
  dir->excludes(csv);
  cmd.add_option("--" + prefix + "year", s.year, tr("results year of the CSV ({})", {tr(what)}));
  cmd.add_option("--" + prefix + "missing", s.missing,
                 "an empty CSV cell is an error, zero, or unknown (not published: no total, no "
                 "rank)")
      ->check(CLI::IsMember({"error", "zero", "unknown"}))
      ->capture_default_str();
  // How a spreadsheet wrote the CSV (docs/cli.md); what the reader detected or ignored is
  // printed as notes on stderr (print_csv_notes).
  cmd.add_option("--" + prefix + "csv-dialect", s.dialect,
                 "separator and decimal mark of the CSV: auto (detected from the header, shown "
                 "in a note), comma, semicolon (';' and decimal comma, Excel in Vietnamese), "
                 "semicolon-decimal-point, tab or tab-decimal-comma")
      ->check(CLI::IsMember(
          {"auto", "comma", "semicolon", "semicolon-decimal-point", "tab", "tab-decimal-comma"}))
      ->capture_default_str();
}

chiso::csv_options csv_options_of(const unit_source& s, const std::string& prefix) {
  if (s.year == 0)
    throw chiso::usage_error(
        tr("--{}csv needs --{}year: a CSV does not say its year", {prefix, prefix}));
  const auto missing = s.missing == "zero"      ? chiso::missing_policy::zero
                       : s.missing == "unknown" ? chiso::missing_policy::unknown
                                                : chiso::missing_policy::error;
  chiso::csv_options options{s.year, chiso::scoring_stage::final, missing};
  options.dialect = chiso::parse_csv_dialect(s.dialect).value_or(chiso::csv_dialect{});
  options.groups = s.groups;
  return options;
}

std::vector<std::string> band_groups(const chiso::band_scheme& bands) {
  std::vector<std::string> out;
  for (const auto& t : bands.tables) out.insert(out.end(), t.groups.begin(), t.groups.end());
  return out;
}

void print_csv_notes(const std::string& file, const std::vector<std::string>& notes) {
  for (const auto& note : notes)
    std::cerr << file << ": " << tr("note") << ": " << chiso::localize_text(note, ui_language())
              << "\n";
}

namespace {

// `--units units.csv` is the commonest slip: the library would say only "not a directory".
void require_directory(const std::string& directory) {
  std::error_code error;
  if (std::filesystem::is_regular_file(directory, error))
    throw chiso::usage_error(
        tr("'{}' is a file, not a directory of score sheets: give a CSV of units with --csv "
           "(--previous-csv) and its year",
           {directory}));
}

// What only a CSV needs is refused with sheets rather than ignored: a sheet says its year and
// `missing:` itself, and is YAML.
void check_sheet_options(const unit_source& s, const std::string& prefix) {
  if (s.dialect != "auto")
    throw chiso::usage_error(
        tr("--{}csv-dialect reads a CSV; the sheets of --{}units are YAML", {prefix, prefix}));
  if (s.missing != "error")
    throw chiso::usage_error(
        tr("--{}missing reads a CSV's empty cells; a sheet of --{}units says 'missing:' itself",
           {prefix, prefix}));
}

// --year with sheets may only repeat their year: another one would be printed as it, silently.
void check_sheet_year(const unit_source& s, const std::string& prefix, int sheets_year) {
  if (s.year != 0 && s.year != sheets_year)
    throw chiso::usage_error(
        tr("--{}year {} but the sheets of --{}units are for {}",
           {prefix, std::to_string(s.year), prefix, std::to_string(sheets_year)}));
}

}  // namespace

chiso::unit_set load_units(const chiso::criterion_tree& tree, const unit_source& s,
                           const std::string& prefix) {
  if (!s.directory.empty()) {
    check_sheet_options(s, prefix);
    require_directory(s.directory);
    chiso::unit_set units;
    {
      progress_bar bar(stderr, s.progress, tr("chiso: loading units"));
      units = chiso::load_sheet_directory(
          s.directory, tree, [&](std::size_t done, std::size_t total) { bar.update(done, total); });
    }
    print_csv_notes(s.directory, units.notes);
    check_sheet_year(s, prefix, units.year);
    return units;
  }
  const auto options = csv_options_of(s, prefix);
  chiso::unit_set units;
  {
    progress_bar bar(stderr, s.progress, tr("chiso: loading units"));
    units = chiso::load_units_csv(s.csv, tree, options, [&](std::size_t done, std::size_t total) {
      bar.update(done, total);
    });
  }
  print_csv_notes(s.csv, units.notes);
  return units;
}

chiso::sheet_directory_matrix load_directory_matrix(const chiso::criterion_tree& tree,
                                                    const unit_source& s) {
  require_directory(s.directory);
  std::optional<chiso::sheet_directory_matrix> read;
  {
    progress_bar bar(stderr, s.progress, tr("chiso: loading units"));
    read.emplace(chiso::load_sheet_directory_matrix(
        s.directory, tree, [&](std::size_t done, std::size_t total) { bar.update(done, total); }));
  }
  print_csv_notes(s.directory, read->units.notes());
  return std::move(*read);
}

namespace {

// Printed figures (`printed:` columns) are kept by the sheets' path only: a CSV that states
// them is read through it so that they are checked; every other CSV goes straight into the
// matrix.
bool states_printed_figures(const std::string& csv) {
  std::ifstream in(csv, std::ios::binary);
  std::string header;
  std::getline(in, header);
  return header.find("printed") != std::string::npos;
}

}  // namespace

chiso::unit_matrix load_matrix(const chiso::criterion_tree& tree, const unit_source& s,
                               const std::string& prefix, int& year, bool strict) {
  if (!s.directory.empty()) {
    check_sheet_options(s, prefix);
    auto read = load_directory_matrix(tree, s);
    check_sheet_year(s, prefix, read.year);
    if (report_printed(read.printed, strict, std::cerr)) throw already_reported{};
    year = read.year;
    return std::move(read.units);
  }
  if (states_printed_figures(s.csv)) {
    const auto set = load_units(tree, s, prefix);
    if (report_printed(tree, set.sheets, strict, std::cerr)) throw already_reported{};
    year = set.year;
    return chiso::to_matrix(tree, set);
  }
  const auto options = csv_options_of(s, prefix);
  year = s.year;
  std::optional<chiso::unit_matrix> m;
  {
    progress_bar bar(stderr, s.progress, tr("chiso: loading units"));
    m.emplace(chiso::load_unit_matrix_csv(
        s.csv, tree, options,
        [&](std::size_t done, std::size_t total) { bar.update(done, total); }));
  }
  print_csv_notes(s.csv, m->notes());
  return std::move(*m);
}

chiso::unit_matrix load_unit_matrix(const chiso::criterion_tree& tree, unit_source s,
                                    bool no_progress) {
  s.progress = !no_progress;
  int year = 0;
  return load_matrix(tree, s, "", year, false);
}

void require_units(const unit_source& s) {
  if (!s.given())
    throw chiso::usage_error(tr("give the units with --units <dir> or --csv <file> --year <year>"));
}

void add_no_progress(CLI::App& cmd, bool& no_progress) {
  cmd.add_flag("--no-progress", no_progress,
               "no progress bar on stderr (it is drawn only on a terminal)");
}

void add_mappings_option(CLI::App& cmd, std::string& file) {
  cmd.add_option("--mappings", file,
                 "renamed and merged units between the two years (kind: chiso/unit-mappings)");
}

void add_bands_option(CLI::App& cmd, std::string& file) {
  cmd.add_option("--bands", file, "band scheme (kind: chiso/bands)");
}

std::vector<chiso::unit_mapping> load_mappings(const std::string& file, bool have_previous) {
  if (file.empty()) return {};
  if (!have_previous)
    throw chiso::usage_error(
        tr("--mappings links two years: give the previous year too "
           "(--previous-units <dir> or --previous-csv <file> --previous-year)"));
  return chiso::load_unit_mappings(file);
}

void add_ranking_inputs(CLI::App& cmd, ranking_inputs& r) {
  add_unit_source(cmd, r.current, "", "the units'");
  add_unit_source(cmd, r.previous, "previous-", "the previous year's");
  add_mappings_option(cmd, r.mappings_file);
  add_bands_option(cmd, r.bands_file);
}

std::string rank_text(const std::optional<std::size_t>& rank) {
  return rank ? std::to_string(*rank) : std::string("–");
}

int write_page(const chiso::html_page& page, const std::string& html_file) {
  std::ofstream file(html_file, std::ios::binary);
  if (!file) {
    std::cerr << html_file << ": " << tr("error") << ": " << tr("cannot write file") << "\n";
    return exit_invalid_input;
  }
  // The page is for people: its title, notes and tables speak --lang like the terminal's.
  auto localized = page;
  localized.lang = ui_language();
  localized.title = chiso::localize_text(page.title, ui_language());
  for (auto& note : localized.notes) note = chiso::localize_text(note, ui_language());
  for (auto& t : localized.tables) t = chiso::localized(t, ui_language());
  chiso::write_html(file, localized);
  std::cout << html_file << ": " << tr("written") << "\n";
  return exit_ok;
}

}  // namespace chiso_cli

#include "app/circular_cli.hpp"

#include <spdlog/spdlog.h>

#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>

#include "app/app.hpp"
#include "core/clock.hpp"
#include "modules/circulars/service.hpp"

namespace minsheng::app {
namespace {

namespace circ = circulars;

int fail_with(const Error& e) {
  std::string msg = e.fields.empty() ? e.message() : e.fields.front().message;
  for (std::size_t i = 1; i < e.fields.size(); ++i)
    msg += "；" + e.fields[i].message;
  std::fprintf(stderr, "错误：%s\n", msg.c_str());
  return 1;
}

int fail_with(const std::string& msg) {
  std::fprintf(stderr, "错误：%s\n", msg.c_str());
  return 1;
}

// The town: the one given, the only town, or the demo town.
std::optional<std::int64_t> pick_town(db::Connection& conn, const std::optional<std::int64_t>& given) {
  if (given) {
    auto r = conn.query("SELECT id FROM org_units WHERE id = $1 AND kind = 'town'", {*given});
    if (r.empty()) return std::nullopt;
    return *given;
  }
  auto towns = conn.query("SELECT id, name FROM org_units WHERE kind = 'town' ORDER BY path");
  if (towns.rows.size() == 1) return towns.first().int64("id");
  for (const auto& r : towns.rows)
    if (r.text("name") == "民生镇（演示）") return r.int64("id");
  return std::nullopt;
}

// The county of the town (given or picked), else the first county with towns.
std::optional<std::int64_t> pick_county(db::Connection& conn, const std::optional<std::int64_t>& given) {
  if (given) {
    auto r = conn.query("SELECT id, kind, parent_id FROM org_units WHERE id = $1", {*given});
    if (r.empty()) return std::nullopt;
    if (r.first().text("kind") == "county") return *given;
    if (r.first().text("kind") == "town") return r.first().opt_int64("parent_id");
    return std::nullopt;
  }
  if (auto town = pick_town(conn, std::nullopt)) {
    auto r = conn.query(
        "SELECT p.id FROM org_units t JOIN org_units p ON p.id = t.parent_id WHERE t.id = $1 "
        "AND p.kind = 'county'",
        {*town});
    if (!r.empty()) return r.first().int64("id");
  }
  auto r = conn.query(
      "SELECT c.id FROM org_units c WHERE c.kind = 'county' AND EXISTS (SELECT 1 FROM org_units t WHERE "
      "t.parent_id = c.id AND t.kind = 'town') ORDER BY c.path LIMIT 1");
  if (r.empty()) return std::nullopt;
  return r.first().int64("id");
}

bool write_file(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return false;
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  return static_cast<bool>(out);
}

}  // namespace

CLI::App* add_circular_command(CLI::App& cli, CircularArgs& args) {
  auto* c = cli.add_subcommand("circular", "生成某一期间的信息报送情况通报（DOCX、PDF、XLSX 或 HTML）");
  c->add_option("--period", args.period, "期间：2020-06（月）、2020-Q2（季度）或 2020（年）")->required();
  c->add_option("--format", args.format, "格式：docx（默认）|pdf|xlsx|html")
      ->check(CLI::IsMember({"docx", "pdf", "xlsx", "html"}));
  c->add_option("--out", args.out, "输出文件")->required();
  c->add_option("--town", args.town, "镇的单位编号（只有一个镇或有演示镇时可省略）");
  c->add_flag("--county", args.county, "全县所有镇合并排名（用于测速，不能与 --issue 同用）");
  c->add_flag("--issue", args.issue, "编号并印发（写入数据库并记审计），输出印发的文件");
  c->add_option("--issued-on", args.issued_on, "成文日期 YYYY-MM-DD（默认今天）");
  return c;
}

int run_circular(App& app, const CircularArgs& args) {
  auto& s = app.services();
  const auto start = std::chrono::steady_clock::now();
  const std::string today = shanghai_date(s.clock.now());
  auto period = submissions::parse_period(args.period);
  if (!period) return fail_with(period.error());
  if (args.county && args.issue) return fail_with("--county 只用于预览，不能与 --issue 同用");
  if (!args.issued_on.empty() && !valid_date(args.issued_on))
    return fail_with("成文日期应为 YYYY-MM-DD 这样的日期：" + args.issued_on);
  std::string bytes;
  std::size_t units = 0;
  if (args.issue) {
    std::optional<std::int64_t> town;
    {
      auto lease = s.pool.acquire();
      town = pick_town(*lease, args.town);
    }
    if (!town) return fail_with("找不到要通报的镇，请用 --town 指定镇的单位编号");
    auto audit = cli_auditor(s, "circular");
    std::int64_t id = 0;
    {
      db::Tx tx(s.pool);
      circ::CreateInput in;
      in.period = period->code();
      auto c = circ::create_circular(tx, audit, *town, in);
      if (!c) return fail_with(c.error());
      tx.commit();
      id = c->id;
    }
    const std::string on = args.issued_on.empty() ? today : args.issued_on;
    auto c = circ::issue_circular(s.pool, audit, id, on);
    if (!c) return fail_with(c.error());
    auto lease = s.pool.acquire();
    auto stored = circ::stored_file(*lease, *c, args.format);
    if (!stored) return fail_with("印发的文件找不到");
    bytes = std::move(*stored);
    units = c->unit_ids.size();
    std::printf("已印发 %s（编号 %lld）\n", c->doc_number.value_or("").c_str(),
                static_cast<long long>(c->id));
  } else {
    const std::string taken_at = iso_utc(s.clock.now());
    Result<circ::Snapshot> snap = Error::make(ErrorCode::NotFound, "error.not_found");
    {
      auto lease = s.pool.acquire();
      if (args.county) {
        auto county = pick_county(*lease, args.town);
        if (!county) return fail_with("找不到要通报的县，请用 --town 指定县或镇的单位编号");
        snap = circ::county_snapshot(*lease, *county, *period, today, taken_at);
      } else {
        auto town = pick_town(*lease, args.town);
        if (!town) return fail_with("找不到要通报的镇，请用 --town 指定镇的单位编号");
        snap = circ::take_snapshot(*lease, *town, *period, std::nullopt, today, taken_at);
      }
    }
    if (!snap) return fail_with(snap.error());
    const auto snapshot_ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start)
            .count();
    const circ::Prose prose = circ::default_prose(*snap);
    circ::CircularMeta meta;
    meta.title = circ::default_title(*snap);
    meta.issued_on = args.issued_on.empty() ? today : args.issued_on;
    auto f = circ::render(*snap, prose, meta, args.format);
    if (!f) return fail_with(f.error());
    spdlog::debug("circular {}: snapshot {} ms, {} {:.0f} ms", args.period, snapshot_ms, args.format, f->ms);
    bytes = std::move(f->bytes);
    units = snap->units.size();
  }
  if (!write_file(args.out, bytes)) return fail_with("无法写入文件 " + args.out);
  const auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  std::fprintf(stderr, "已生成 %s（%zu 个单位，%lld ms）\n", args.out.c_str(), units,
               static_cast<long long>(ms));
  return 0;
}

}  // namespace minsheng::app

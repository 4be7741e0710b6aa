#include "core/messages.hpp"

#include <map>

namespace minsheng::messages {
namespace {

const std::map<std::string_view, std::string_view, std::less<>>& catalogue() {
  static const std::map<std::string_view, std::string_view, std::less<>> m = {
      // Errors by code.
      {"error.invalid_argument", "请求参数有误"},
      {"error.invalid_field", "请检查填写的内容"},
      {"error.unauthenticated", "请先登录"},
      {"error.session_expired", "登录已过期，请重新登录"},
      {"error.permission_denied", "没有权限执行此操作"},
      {"error.not_found", "请求的内容不存在"},
      {"error.method_not_allowed", "不支持该请求方法"},
      {"error.conflict", "数据已被修改或已存在，请刷新后重试"},
      {"error.content_too_large", "提交的内容过大"},
      {"error.uri_too_long", "请求地址过长"},
      {"error.unsupported_media_type", "不支持的内容类型，请以 JSON 提交"},
      {"error.unprocessable", "提交的内容无法处理"},
      {"error.too_many_requests", "操作过于频繁，请稍后再试"},
      {"error.header_too_large", "请求头过大"},
      {"error.internal", "系统内部错误，请联系管理员并提供请求编号"},
      {"error.unavailable", "系统暂时不可用，请稍后再试"},
      {"error.bad_request", "请求格式有误"},
      {"error.csrf", "页面已过期或请求来源不可信，请刷新页面后重试"},
      {"error.password_change_required", "请先修改初始密码或已过期的密码"},
      {"error.audit_failed", "审计记录写入失败，操作未执行"},
      // Authentication.
      {"auth.bad_credentials", "用户名或密码错误，或账号已被锁定"},
      {"auth.too_many_attempts", "登录尝试过于频繁，请稍后再试"},
      {"auth.wrong_current_password", "当前密码不正确"},
      {"auth.account_locked", "账号已被锁定"},
      // Field rules; {field} is the field's label.
      {"field.required", "{field}不能为空"},
      {"field.type_string", "{field}应为文本"},
      {"field.type_integer", "{field}应为整数"},
      {"field.type_boolean", "{field}应为是或否"},
      {"field.type_object", "{field}格式有误"},
      {"field.type_array", "{field}应为列表"},
      {"field.too_long", "{field}不能超过{max}个字符"},
      {"field.too_short", "{field}不能少于{min}个字符"},
      {"field.out_of_range", "{field}应在{min}到{max}之间"},
      {"field.one_of", "{field}的取值无效"},
      {"field.unknown", "不认识的字段：{field}"},
      {"field.duplicate", "{field}重复出现"},
      {"field.invalid_utf8", "{field}含有无效字符"},
      {"field.control_chars", "{field}含有不可见的控制字符"},
      {"field.invalid_format", "{field}格式有误"},
      {"field.not_found", "{field}指向的记录不存在"},
      {"field.exists", "{field}已存在"},
      {"field.page_size", "{field}只能是 10、20、30 或 50"},
      {"field.too_many_items", "{field}不能超过{max}项"},
      {"body.invalid_json", "请求内容不是有效的 JSON"},
      {"body.not_object", "请求内容应为 JSON 对象"},
      {"body.too_many_fields", "请求内容的字段过多"},
      // Passwords.
      {"password.too_short", "密码不能少于{min}个字符"},
      {"password.too_long", "密码不能超过{max}个字符"},
      {"password.classes", "密码须包含大写字母、小写字母、数字、符号中的至少三类"},
      {"password.common", "密码过于常见，请换一个"},
      {"password.same_as_username", "密码不能包含用户名"},
      {"password.same_as_old", "新密码不能与当前密码相同"},
      {"demo.not_empty", "数据库中已有数据：演示数据只能装入空数据库"},
      // Users and org units.
      {"user.role_invalid", "角色无效"},
      {"user.role_unit", "该角色的账号不能属于这类单位"},
      {"field.username_rule", "{field}须为 3 到 32 位小写字母、数字或 _ . -，并以字母开头"},
      {"user.admin_role_separate", "系统管理员、安全管理员、审计管理员须各用独立账号"},
      {"user.cannot_lock_self", "不能锁定自己的账号"},
      {"user.cannot_change_own_role", "不能修改自己的角色"},
      {"audit.export_too_many", "导出的记录超过 {max} 条，请缩小时间或条件范围"},
      {"org.parent_level", "上级单位的类型不允许设置该下级"},
      {"org.move_into_self", "不能把单位移动到它自己或它的下级之下"},
      {"org.has_children", "该单位下还有下级单位，不能删除"},
      {"org.has_users", "该单位下还有用户，不能删除"},
      {"org.has_records", "该单位下还有业务数据（如文件），不能删除"},
      // Uploads (multipart/form-data) and files.
      {"multipart.not_multipart", "请以 multipart/form-data 格式上传文件"},
      {"multipart.bad_boundary", "上传内容的分隔符（boundary）缺失或无效"},
      {"multipart.malformed", "上传内容的格式有误"},
      {"multipart.truncated", "上传内容不完整，请重新上传"},
      {"multipart.too_many_parts", "上传内容包含的部分过多"},
      {"multipart.header_too_large", "上传内容的部分头过大"},
      {"multipart.file_too_large", "上传的文件过大"},
      {"multipart.field_too_large", "上传表单中的字段内容过长"},
      {"multipart.too_large", "上传的内容总量过大"},
      {"file.missing", "请选择要上传的文件"},
      {"file.too_many_files", "一次只能上传一个文件"},
      {"file.empty", "上传的文件是空的"},
      {"file.unsupported_type", "只能上传 JPEG、PNG、WebP 图片或 PDF 文件"},
      {"file.too_many_pixels", "图片像素过多，请缩小后再上传"},
      {"file.corrupt", "文件已损坏或无法识别"},
      {"file.no_variant", "该文件没有此种版本"},
      // Spreadsheets (XLSX and CSV import); {row} and {col} as Excel shows them (行 12, 列 C).
      {"sheet.not_spreadsheet", "文件不是 Excel 工作簿（.xlsx）或 CSV 文件"},
      {"sheet.xls_legacy", "不支持旧版 Excel（.xls）文件，请在 Excel 或 WPS 中另存为 .xlsx 后再导入"},
      {"sheet.encrypted", "工作簿设有密码，请取消密码后再导入"},
      {"sheet.corrupt", "工作簿已损坏或无法读取"},
      {"sheet.too_large", "工作簿解压后过大，请检查文件（可能不是正常的表格）"},
      {"sheet.too_many_rows", "数据超过 {max} 行，请分批导入"},
      {"sheet.too_many_columns", "表格超过 {max} 列，请删除多余的列"},
      {"sheet.cell_too_long", "第 {row} 行 {col} 列的内容过长（不能超过 {max} 个字符）"},
      {"sheet.formula", "第 {row} 行 {col} 列含有公式，请先复制后“选择性粘贴—数值”再导入"},
      {"sheet.merged", "工作表含有合并单元格（{range}），请取消合并后再导入"},
      {"sheet.encoding", "CSV 文件的编码无法识别，请另存为 UTF-8 或 GB18030（ANSI）编码"},
      {"sheet.empty", "文件中没有数据"},
      {"sheet.no_header", "找不到表头行（应含“{columns}”），请使用导入模板"},
      {"sheet.csv_quote", "第 {row} 行的引号没有闭合"},
      {"sheet.write_failed", "生成表格失败"},
      // Projects.
      {"project.code_exists", "该年度已有编号为 {code} 的项目"},
      {"project.has_progress", "该项目已有进展记录，不能删除；不再实施的项目请标记为“调整退出”"},
      {"project.not_lead_unit", "只有牵头单位和镇民生办可以填报该项目的进展"},
      {"project.not_in_town", "{field}不属于本镇"},
      {"project.lead_in_cooperating", "牵头单位不能同时是配合单位"},
      {"project.future_date", "{field}不能晚于今天"},
      {"project.date_before_last", "{field}不能早于上一次进展的日期（{date}）"},
      {"project.funds_exceed_plan", "{field}不能超过计划投资（{max} 万元）"},
      {"project.complete_needs_100", "状态为“已完成”时，进度应为 100%"},
      {"project.photo_not_image", "{field}不是已上传的图片"},
      {"project.import_failed", "导入文件有 {count} 处错误，未导入任何数据；请按错误报告修改后重新导入"},
      {"project.import_exists", "编号 {code} 已存在；如需更新已有项目，请选择“按编号更新”"},
      {"project.import_duplicate", "编号 {code} 在文件中重复出现（第 {row} 行）"},
      {"project.unknown_unit", "找不到名为“{name}”的单位"},
      {"project.year_copy_target_exists", "{year} 年已有 {count} 个项目，不能再次生成"},
      {"project.year_copy_empty", "{year} 年没有项目可以复制"},
      {"project.town_required", "请先选择项目所属的镇"},
      // Submissions (issue 5).
      {"submission.illegal_transition", "该信息当前状态为“{state}”，不能{action}"},
      {"submission.no_town", "只有镇内单位可以报送信息"},
      {"submission.project_not_in_town", "{field}不是本镇的民生项目"},
      {"submission.photo_not_image", "{field}不是本镇已上传的图片"},
      {"submission.photo_duplicate", "{field}：同一张照片不能重复使用"},
      {"submission.pair_incomplete", "{field}：每组须有整治前、整治后两张照片"},
      {"submission.pairs_required", "图说民生至少需要一组前后对比照片"},
      {"submission.field_not_for_kind", "该类型的信息不填写{field}"},
      {"submission.speaker_not_village", "{field}不是本镇的村（社区）"},
      {"submission.voice_incomplete", "群众话民生须填写受访群众描述和群众原话"},
      {"submission.consent_required", "群众话民生须取得受访群众同意后才能发布"},
      {"submission.composite_failed", "前后对比图生成失败，请更换照片后重试"},
      {"quota.unit_not_in_town", "{field}中有不属于本镇的单位"},
      {"quota.bad_due_day", "{field}格式不正确：按月、按季填日（1-31），按年填“月-日”（如 12-15）"},
      {"quota.list_needs_units", "{field}：按名单考核时须选择单位"},
      {"submission.bad_period", "{field}应为 2020-06（月）、2020-Q2（季度）或 2020（年）这样的形式"},
      // Circulars and assessment (issue 6).
      {"circular.issued", "该通报已印发，不能再修改、刷新、删除或重复印发"},
      {"circular.no_units", "{field}：该期间没有需要通报的单位"},
      {"circular.bad_code_word", "{field}只能由 1 至 10 个汉字、字母或数字组成（不含括号和空格）"},
      {"circular.number_taken", "文号已被同时印发的通报占用，请重试"},
      {"circular.draft_office_only", "草稿只有镇民生办可以查看"},
      // Pre-publish warnings shown to the reviewer (submissions/checks.hpp); {place} names the field.
      {"submission.warn.place_line", "{field}第 {line} 行"},
      {"submission.warn.halfwidth_punct", "{place}有半角标点“{punct}”（中文里应使用全角标点）：“{excerpt}”"},
      {"submission.warn.id_number", "{place}有未打码的身份证号码（发布前请打码）：“{excerpt}”"},
      {"submission.warn.phone_number", "{place}有未打码的手机号码（发布前请打码）：“{excerpt}”"},
      {"submission.warn.banned_word", "{place}有敏感词“{word}”：“{excerpt}”"},
      {"submission.warn.more", "{place}另有 {count} 处同类问题"},
      {"submission.warn.photo_order",
       "第 {pair} 组照片：整治前照片的拍摄时间（{before}）不早于整治后照片（{after}），请检查是否放反"},
      {"submission.warn.photo_distance",
       "第 {pair} 组照片：前后两张照片的拍摄地点相距约 {distance} 米，超过 {max} 米"},
      {"submission.warn.photo_project_distance",
       "第 {pair} 组照片：{which}照片的拍摄地点距项目位置约 {distance} 米，超过 {max} 米"},
      {"submission.warn.photo_no_exif",
       "第 {pair} 组照片：{which}照片没有拍摄时间和地点信息（EXIF），无法核对"},
      {"submission.warn.photo_no_time", "第 {pair} 组照片：{which}照片没有拍摄时间（EXIF），无法核对先后"},
      {"submission.warn.photo_no_gps", "第 {pair} 组照片：{which}照片没有拍摄地点（GPS），无法核对位置"},
      {"submission.photo_before", "整治前"},
      {"submission.photo_after", "整治后"},
  };
  return m;
}

const std::map<std::string_view, std::string_view, std::less<>>& labels() {
  static const std::map<std::string_view, std::string_view, std::less<>> m = {
      {"username", "用户名"},
      {"password", "密码"},
      {"currentPassword", "当前密码"},
      {"newPassword", "新密码"},
      {"displayName", "姓名"},
      {"role", "角色"},
      {"orgUnitId", "所属单位"},
      {"phone", "手机号"},
      {"name", "名称"},
      {"kind", "类型"},
      {"code", "编码"},
      {"parentId", "上级单位"},
      {"sortOrder", "排序号"},
      {"status", "状态"},
      {"pageNum", "页码"},
      {"pageSize", "每页条数"},
      {"keyword", "关键字"},
      {"from", "开始日期"},
      {"to", "结束日期"},
      {"action", "操作"},
      {"userId", "用户"},
      {"entity", "对象类型"},
      {"locked", "锁定状态"},
      {"reason", "原因"},
      {"body", "请求内容"},
      {"year", "年度"},
      {"category", "类别"},
      {"leadUnitId", "牵头单位"},
      {"cooperatingUnitIds", "配合单位"},
      {"changeFlag", "年度变化"},
      {"policyText", "政策内容"},
      {"plainText", "通俗解读"},
      {"fundsPlanned", "计划投资"},
      {"beneficiaries", "受益人数"},
      {"address", "建设地点"},
      {"location", "坐标"},
      {"targets", "目标任务"},
      {"reportDate", "填报日期"},
      {"progressPct", "进度"},
      {"fundsDisbursed", "累计拨付资金"},
      {"note", "进展情况"},
      {"photos", "照片"},
      {"fileId", "照片"},
      {"caption", "照片说明"},
      {"fromYear", "来源年度"},
      {"toYear", "目标年度"},
      {"items", "项目列表"},
      {"projectId", "项目"},
      {"file", "文件"},
      {"mode", "导入方式"},
      {"format", "文件格式"},
      {"q", "关键字"},
      {"leadUnit", "牵头单位"},
      {"lat", "纬度"},
      {"lng", "经度"},
      {"system", "坐标系"},
      {"planned", "计划数"},
      {"achieved", "完成数"},
      {"unit", "计量单位"},
      {"what", "导出内容"},
      {"title", "标题"},
      {"authorName", "撰稿人"},
      {"projectIds", "相关项目"},
      {"pairs", "前后对比照片"},
      {"speakerVillageId", "受访群众所在村"},
      {"speakerDesc", "受访群众"},
      {"consent", "群众同意发布"},
      {"quote", "群众原话"},
      {"interviewer", "采访人"},
      {"outlet", "采用媒体"},
      {"adoptedOn", "采用日期"},
      {"level", "采用级别"},
      {"period", "考核期间"},
      {"rules", "考核规则"},
      {"unitIds", "考核单位"},
      {"dueDay", "截止日"},
      {"counts", "计数口径"},
      {"secondLevel", "二级审核"},
      {"pairDistanceM", "前后照片距离"},
      {"reminderDays", "提前提醒天数"},
      {"bannedWords", "敏感词"},
      {"olderThanDays", "等待天数"},
      {"queue", "待办"},
      {"unitId", "单位"},
      {"unread", "未读"},
      {"codeWord", "发文代字"},
      {"redHeader", "红头"},
      {"prose", "通报正文"},
      {"issuedOn", "成文日期"},
      {"resetProse", "重新生成正文"},
      {"townId", "镇"},
      {"minTotal", "最低总分"},
      {"topN", "名额"},
      {"conditions", "条件"},
      {"shortlist", "评先评优条件"},
  };
  return m;
}

}  // namespace

std::string_view text(std::string_view key) {
  const auto& m = catalogue();
  if (auto it = m.find(key); it != m.end()) return it->second;
  return m.find(std::string_view("error.internal"))->second;
}

bool has(std::string_view key) {
  return catalogue().contains(key);
}

std::string field_label(std::string_view field) {
  const auto& m = labels();
  if (auto it = m.find(field); it != m.end()) return std::string(it->second);
  return std::string(field);
}

std::string format(std::string_view key,
                   std::initializer_list<std::pair<std::string_view, std::string>> args) {
  std::string out(text(key));
  for (const auto& [name, value] : args) {
    const std::string token = "{" + std::string(name) + "}";
    for (std::size_t pos = out.find(token); pos != std::string::npos;
         pos = out.find(token, pos + value.size())) {
      out.replace(pos, token.size(), value);
    }
  }
  return out;
}

std::string for_field(std::string_view key, std::string_view field,
                      std::initializer_list<std::pair<std::string_view, std::string>> args) {
  std::string out = format(key, args);
  const std::string label = field_label(field);
  const std::string token = "{field}";
  for (std::size_t pos = out.find(token); pos != std::string::npos;
       pos = out.find(token, pos + label.size())) {
    out.replace(pos, token.size(), label);
  }
  return out;
}

}  // namespace minsheng::messages

#pragma once
// An official document (公文, CONVENTIONS.md §1; GB/T 9704-2012) as data: what the circulars module writes
// and the DOCX writer (src/infra/docx) and the PDF renderer (src/infra/pdf) both lay out. Pure data, no I/O.
#include <string>
#include <vector>

namespace minsheng::doc {

struct Table {
  std::string caption;              // e.g. "附件：信息报送情况统计表" (rendered above the table)
  std::vector<std::string> header;  // one row of column titles
  std::vector<std::vector<std::string>> rows;  // cells as text (numbers already formatted)
  std::vector<double> widths_mm;               // per column; empty -> equal widths across the 版心 (156 mm)
};

enum class BlockKind {
  Body,             // 3号仿宋, first line indented two characters
  Heading1,         // 一、 3号黑体 (the text includes its "一、")
  Heading2,         // （一） 3号楷体
  Heading3,         // 1. 3号仿宋 bold
  Heading4,         // （1） 3号仿宋
  Addressee,        // 主送机关, flush left, ends with "："
  Attachment,       // 附件说明 ("附件：1. ……"), 1 blank line above, indented two characters
  Signature,        // 落款 (issuing unit), right-aligned
  Date,             // "2020年6月5日", right-aligned under the signature
  Table,            // `table`
  PageBreak,        // each 附件 starts on a new page
  AttachmentTitle,  // "附件1" flush left in 3号黑体 at the top of an attachment page
};

struct Block {
  BlockKind kind = BlockKind::Body;
  std::string text;
  doc::Table table;  // for BlockKind::Table
};

struct Document {
  // 版头: the 发文机关标志 (e.g. "民生镇民生工程工作领导小组办公室"; shown red with "文件" appended when
  // red_header) and the 发文字号 ("民生办〔2020〕3号"); both may be empty (a plain header).
  std::string issuer;
  bool red_header = false;
  std::string doc_number;
  std::string title;  // 2号小标宋, centred
  std::vector<Block> blocks;
  // 版记 on the last page: 抄送 and 印发机关 + 印发日期 ("2020年6月5日印发"); empty -> none.
  std::string copy_to;
  std::string printed_by;
  std::string printed_on;
};

}  // namespace minsheng::doc

# Importing leads from a CSV file (managers only): the upload page, the column mapping
# page, the import's progress and its result with the rows it could not import.
# "CSV" is the file format; `leadline import leads ...` is a command typed on the server
# and is never translated (it is passed in as $command).

## The upload page

import-upload-title = 导入线索
import-upload-heading = 从CSV文件导入线索
# "channel" is the lead field also called source: where the lead came from.
import-upload-intro = CSV文件需带表头行：必须有姓名列（也可以是多列，例如名和姓），其他列可包含电话、邮箱、公司、渠道、负责人（用户的邮箱）、阶段、成交金额、勿扰、下次联系、标签和备注。
import-upload-next = 下一步将匹配各列，并选择如何处理有问题的行。
# $mb: the largest file the page accepts, in megabytes.
import-upload-limit = 文件大小不超过{ $mb } MB。
# $command: the command that imports a file on the server (shown as code).
import-upload-large-file = 更大的文件（一百万行约80 MB）请在服务器上运行 { $command }：它会边读边导入，并显示进度。
import-upload-file = CSV文件
import-upload-submit = 上传并预览

# The table of the last imports.
import-recent-title = 最近导入
import-recent-file = 文件
import-recent-status = 状态
import-recent-imported = 已导入
import-recent-when = 时间

# An import's status, in the table of recent imports.
import-status-uploaded = 已上传
import-status-running = 导入中
import-status-done = 已完成
import-status-failed = 失败
import-status-interrupted = 已中断

## The import's own page

# $file: the uploaded file's name.
import-show-title = 导入 { $file }
import-show-heading = 导入：{ $file }

# The mapping step. $total: the file's rows, formatted (1,234); $count: the same as a
# number, for plural forms.
import-mapping-intro = { $count ->
   *[other] 共{ $total }行。请为每一列选择对应的线索字段；系统会逐行检查，每个有问题的行都会标出行号。
}
# The menu under each column of the file; $column: the column's header in the file.
import-column-holds = 列 { $column } 对应
# Followed by a menu of countries.
import-default-country = 未带国家代码的电话号码默认属于
import-mode-legend = 如果部分行有问题
import-mode-skip-bad = 导入正确的行，列出有问题的行
import-mode-all-or-nothing = 全部不导入，我先修改文件
# The button that starts the import. $total: rows, formatted; $count: the same as a number.
import-start = { $count ->
   *[other] 导入{ $total }行
}

# The lead fields a column can hold (the menus of the mapping step), and the fields the
# list of bad rows names. "source" is where a lead came from (its channel); "ignore"
# means the column is not imported; "file", "row" and "import" are what a problem is
# about when it is not one field of a lead.
import-field-name = 姓名
import-field-phone = 电话
import-field-email = 邮箱
import-field-company = 公司
import-field-source = 来源渠道
import-field-tags = 标签
import-field-notes = 备注
import-field-external-id = 外部ID
import-field-owner = 负责人
import-field-stage = 阶段
import-field-deal-value = 成交金额
import-field-do-not-call = 勿扰
import-field-next-contact = 下次联系
import-field-ignore = 忽略
import-field-file = 文件
import-field-row = 行
import-field-import = 导入

# While the import runs (the page reloads every second). $processed, $total, $imported:
# rows checked, rows in the file, leads imported so far, all formatted; $count: the
# file's rows as a number, for plural forms.
import-progress = { $count ->
   *[other] 正在导入… 已检查{ $processed }/{ $total }行，已导入{ $imported }条。
}
# $percent: how much of the file is done, 0 to 100.
import-percent = { $percent }%

# An import cut off when the process running it stopped. $origin: "command" when it ran
# from the command line on the server, else it ran in the web server; $committed: the
# rows done before the cut; $total: the file's rows (both formatted); $count: the file's
# rows as a number, for plural forms.
# All or nothing: nothing was imported.
import-interrupted-nothing-kept = 已中断：运行导入的{ $origin ->
        [command] 命令
       *[other] 服务器
    }已停止，当时已处理{ $committed }/{ $total }{ $count ->
       *[other] 行
    }，未导入任何数据（全部导入或全不导入）。
# The good rows before the cut are kept. $imported: the leads they created, formatted;
# $kept: the same as a number, for plural forms.
import-interrupted-kept = 已中断：运行导入的{ $origin ->
        [command] 命令
       *[other] 服务器
    }已停止，当时已处理{ $committed }/{ $total }{ $count ->
       *[other] 行
    }；其中已导入的{ $imported }{ $kept ->
       *[other] 条线索已保留
    }。
# $command: the command that resumes the import (shown as code).
import-resume-on-command-line = 请用同一个文件运行 { $command }，从中断处继续导入。
import-start-again = 重新开始
# $row: the number of the row the import resumes at.
import-resume-from = 从第{ $row }行继续

# The result. $imported and $total: rows, formatted; $count: the file's rows as a number.
import-done = { $count ->
   *[other] 完成：共{ $total }行，已导入{ $imported }行。
}
import-nothing = 未导入任何数据。
import-nothing-bad-rows = 部分行有问题，因此未导入任何数据。
# Followed by the list of bad rows. $shown: how many, formatted; $count: the same as a number.
import-attention = { $count ->
   *[other] { $shown }行需要处理：
}
import-see-leads = 查看线索
import-another = 导入其他文件

# The list of bad rows, and its download in three file formats.
import-errors-download = 下载这些行：
import-errors-xlsx = XLSX
import-errors-excel-csv = CSV（Excel适用）
import-errors-csv = CSV
import-errors-line = 行号
import-errors-field = 字段
import-errors-problem = 问题

## Errors. Those about a field follow the field's name ("phone: duplicate: ..."), see
## errors.ftl.

import-error-choose-file = 请选择要上传的CSV文件。
import-error-choose-name-column = 请选择哪一列是线索姓名。
# $error: what went wrong, as the web server said it (in English).
import-error-upload-failed = 上传失败：{ $error }
# $error: what the CSV reader said (in English).
import-error-not-csv = 文件不是CSV格式：{ $error }
# The file could not be read to its end. $error: what the CSV reader said (in English).
import-error-unreadable-rest = 文件剩余部分无法读取：{ $error }
# A row whose phone number an existing lead has. $lead: that lead's id.
import-error-duplicate-phone = 重复：线索 { $lead } 已使用此电话号码
# $id: the import's id, part of the command's option.
import-error-resume-on-command-line = 此导入是在命令行中运行的，请在命令行中使用 --resume { $id } 继续

# Notes about the whole import, shown above the list of bad rows.
# $count: bad rows beyond the first 10000, which are only counted.
import-note-unlisted = 另有{ $count }行有问题，未列出
import-note-stopped = 导入因数据库错误而停止；此前已导入的行会保留

## Keeping what a file gives

import-mapping-several = 姓名（按列的顺序用空格连接）、标签和备注可以来自多列；其他字段只能来自一列。
import-bad-fields-legend = 如果某行的可选字段有误（邮箱、公司、负责人、阶段、成交金额、勿扰、下次联系…）
import-bad-fields-reject-row = 该行视为有问题
import-bad-fields-drop-field = 导入该行但不导入这个字段，并列出来
import-error-field-twice = 只能有一列对应{ $field }：{ $columns }；其他列请选择“忽略”
import-error-not-date = “{ $text }”不是日期（2026-12-04）或日期时间（2026-12-04 09:30）
import-error-not-yes-or-no = “{ $text }”既不是“是”也不是“否”
import-error-no-such-owner = 没有邮箱为“{ $text }”的用户
import-error-owner-deactivated = 用户“{ $text }”已停用
import-error-no-such-stage = “{ $text }”不是阶段：请使用 new、connect、interest、need、evaluate、decide、referral 之一（或任一语言中的阶段名称）
import-error-not-amount = “{ $text }”不是金额（例如 15,000,000 或 1 234.50）
import-error-rejected-not-kept = 这次导入没有保存有问题的行；请下载问题列表
import-rejected-column = 导入错误
import-rejected-problems = 第 { $line } 行：{ $problems }
import-rejected-download = 有问题的行（保持文件中的原样，最后一列说明问题），修改后可再次导入：
import-rejected-csv = CSV
import-warnings-intro = { $count ->
   *[other] { $shown } 行已导入，但去掉了有误的字段：
}
import-warnings-dropped = 去掉的原因
import-note-unlisted-warnings = { $count ->
   *[other] 另有 { $count } 个被去掉的字段未列出
}

## A manager limited to their teams importing.
import-error-owner-outside-teams = “{ $text }”不在您的团队中：您只能把线索分配给您团队的销售
import-error-duplicate-phone-elsewhere = 重复：另一条线索已使用此电话号码
import-error-duplicate-external-id = 重复：其他线索已使用此外部ID

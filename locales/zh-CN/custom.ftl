# 管理员的自定义字段页面：公司在Leadline自带字段之外为线索记录的信息。

custom-fields-title = 自定义字段
custom-fields-intro = 贵公司在Leadline自带字段之外为每条线索记录的字段：活动的UTM标签、预算、城市等。它们显示在每条线索的页面和表单中，可用于筛选线索列表，通过API提供（线索的custom，按键名），并包含在导出文件中。网页表单中名称与键名相同的字段会填入该自定义字段。字段不会被删除：不再使用的字段设为停用，线索上已有的值会保留。
custom-fields-empty = 还没有自定义字段。
custom-fields-col-label = 名称
custom-fields-col-key = 键名
custom-fields-col-kind = 类型
custom-fields-col-choices = 选项
custom-fields-col-active = 使用中
custom-fields-label-of = { $key } 的名称
custom-fields-choices-of = { $key } 的选项
custom-fields-active-of = { $key } 使用中
custom-fields-add-title = 添加字段
custom-fields-key-hint = API、导入和网页表单中使用的字段名：小写字母、数字和 _。留空则根据名称生成。键名创建后不会改变。
custom-fields-choices-hint = 列表类型：每行一个选项。
custom-fields-add = 添加字段
custom-fields-kind-text = 文本
custom-fields-kind-number = 数字
custom-fields-kind-date = 日期
custom-fields-kind-choice = 列表单选

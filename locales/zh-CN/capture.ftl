# 访客在公司网站上提交联系表单（POST /capture）后看到的页面。访客是潜在客户，不是Leadline用户。

capture-received-title = 谢谢
capture-received = 我们已收到您的信息，会尽快与您联系。
capture-invalid-title = 请检查表单
capture-invalid = 您填写的部分内容无法识别。请返回修改后重新提交：
capture-too-many-title = 请稍后再试
capture-too-many = 您的网络地址在过去一分钟内提交了太多表单。请稍等片刻后再提交。
capture-refused-title = 此表单无法提交
capture-back = 返回表单

## 拒绝：网站上的表单设置有误。由网站所有者阅读。

capture-key-missing = 表单缺少 `key` 字段：请添加一个名为 key 的隐藏字段，填入Leadline令牌页面上的网页表单密钥。
capture-key-unknown = Leadline无法识别此表单的密钥，或该密钥已被撤销或已过期。
capture-key-too-wide = 此表单的密钥权限超出了创建线索。网页中的密钥任何人都能看到：请使用网页表单密钥（仅 leads:create）。
capture-key-no-origins = 此表单的密钥未指定任何网站。请在Leadline令牌页面为该密钥添加网站来源（例如 https://www.example.com）。
capture-origin-refused = 此表单的密钥不能在 { $origin } 上使用。请在Leadline令牌页面为该密钥添加此来源。
capture-redirect-refused = 表单的 `redirect` 字段指向密钥未指定的网站。
capture-not-a-form = 此处只接受普通HTML表单（application/x-www-form-urlencoded）。

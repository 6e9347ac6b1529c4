# Saved views: named filters of the leads list or the dashboard, above the filters.
views-label = 视图：
views-none = 尚未保存
views-shared = 与团队共享
views-shared-by = 由 { $name } 共享
views-shared-badge = 团队
views-delete = 删除视图“{ $name }”
views-save-summary = 保存这些筛选条件
views-name = 名称
views-share = 与团队共享
views-save = 保存视图
views-error-page = 不是可保存视图的页面
views-error-too-long = 太长，无法保存

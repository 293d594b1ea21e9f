SELECT category, name_zh AS "nameZh", name_en AS "nameEn", urgency, accept_hours AS "acceptHours",
  resolve_hours AS "resolveHours", resolve_working_days AS "resolveWorkingDays"
FROM sla_rules ORDER BY category

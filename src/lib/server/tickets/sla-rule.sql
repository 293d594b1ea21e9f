SELECT category, urgency, accept_hours AS "acceptHours", resolve_hours AS "resolveHours",
  resolve_working_days AS "resolveWorkingDays"
FROM sla_rules WHERE category = $1

-- People: insert, or update by code (a new version, so that an edit opened before the import
-- conflicts instead of overwriting it); empty optional fields keep their value.
INSERT INTO people AS pp (code, name, phone, kind, area_id, company_id)
SELECT r.code, r.p ->> 'name', r.p ->> 'phone', r.p ->> 'kind', a.id, pc.id
FROM import_rows r LEFT JOIN areas a ON a.code = r.p ->> 'area_code'
  LEFT JOIN property_companies pc ON pc.credit_code = r.p ->> 'company_credit_code'
ORDER BY r.row
ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, phone = coalesce(EXCLUDED.phone, pp.phone),
  kind = EXCLUDED.kind, area_id = coalesce(EXCLUDED.area_id, pp.area_id),
  company_id = coalesce(EXCLUDED.company_id, pp.company_id), version = pp.version + 1, retired_at = NULL
RETURNING (xmax = 0) AS inserted

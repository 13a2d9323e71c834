-- city-elderly-health-indicators 0.1.0 (sha256:4ec0096c8199ebb2d9221a5cbe7d5739f7df597b0c2d31e9a356b57bb7ee5ce9): person records from health.residents
WITH "raw" AS (
  SELECT "id" AS "c_id",
    "birthDate" AS "c_birthDate",
    "sex" AS "c_sex",
    "district" AS "c_district",
    "residentType" AS "c_residentType",
    "deceasedOn" AS "c_deceasedOn",
    "healthManagedOn" AS "c_healthManagedOn",
    "tcmManagedOn" AS "c_tcmManagedOn",
    "familyDoctorSigned" AS "c_familyDoctorSigned",
    "integratedCareOn" AS "c_integratedCareOn",
    "disabled" AS "c_disabled",
    "dementia" AS "c_dementia",
    "healthAssessedOn" AS "c_healthAssessedOn"
  FROM "health"."residents"
  WHERE CAST($1 AS DATE) <= CAST($2 AS DATE) AND CAST($3 AS DATE) IS NOT NULL
),
"atoms0" AS (
  SELECT "raw".*,
    (CASE WHEN "c_sex" IN ('male', 'female', 'other', 'unknown') THEN "c_sex" ELSE (CASE WHEN "c_sex" IS NULL OR "c_sex" = '' OR ((ord(left("c_sex", 1)) BETWEEN 33 AND 159 OR ord(left("c_sex", 1)) BETWEEN 161 AND 5759 OR ord(left("c_sex", 1)) BETWEEN 5761 AND 8191 OR ord(left("c_sex", 1)) BETWEEN 8203 AND 8231 OR ord(left("c_sex", 1)) BETWEEN 8234 AND 8238 OR ord(left("c_sex", 1)) BETWEEN 8240 AND 8286 OR ord(left("c_sex", 1)) BETWEEN 8288 AND 12287 OR ord(left("c_sex", 1)) BETWEEN 12289 AND 65278 OR ord(left("c_sex", 1)) BETWEEN 65280 AND 1114111) AND (ord(right("c_sex", 1)) BETWEEN 33 AND 159 OR ord(right("c_sex", 1)) BETWEEN 161 AND 5759 OR ord(right("c_sex", 1)) BETWEEN 5761 AND 8191 OR ord(right("c_sex", 1)) BETWEEN 8203 AND 8231 OR ord(right("c_sex", 1)) BETWEEN 8234 AND 8238 OR ord(right("c_sex", 1)) BETWEEN 8240 AND 8286 OR ord(right("c_sex", 1)) BETWEEN 8288 AND 12287 OR ord(right("c_sex", 1)) BETWEEN 12289 AND 65278 OR ord(right("c_sex", 1)) BETWEEN 65280 AND 1114111)) THEN "c_sex" ELSE trim("c_sex", chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(32) || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)) END) END) AS "a0_sex"
  FROM "raw"
),
"atoms1" AS (
  SELECT "atoms0".*,
    (CASE WHEN "a0_sex" IN ('male', 'female', 'other', 'unknown') THEN "a0_sex" WHEN regexp_full_match("a0_sex", '^[A-Za-z]+$') AND length("a0_sex") > 1 THEN (CASE lower("a0_sex") WHEN 'male' THEN 'male' WHEN 'female' THEN 'female' WHEN 'other' THEN 'other' WHEN 'unknown' THEN 'unknown' END) WHEN "a0_sex" IN ('M', 'm') THEN 'male' WHEN "a0_sex" IN ('F', 'f') THEN 'female' WHEN "a0_sex" IN ('O', 'o') THEN 'other' WHEN "a0_sex" IN ('U', 'u') THEN 'unknown' WHEN "a0_sex" IN ('A', 'a') THEN 'other' WHEN "a0_sex" IN ('N', 'n') THEN 'unknown' WHEN "a0_sex" = '0' THEN 'unknown' WHEN "a0_sex" = '1' THEN 'male' WHEN "a0_sex" = '2' THEN 'female' WHEN "a0_sex" = '9' THEN 'unknown' WHEN "a0_sex" = '男' THEN 'male' WHEN "a0_sex" = '女' THEN 'female' WHEN "a0_sex" = '未知' THEN 'unknown' WHEN "a0_sex" = '男性' THEN 'male' WHEN "a0_sex" = '女性' THEN 'female' WHEN "a0_sex" = '未说明' THEN 'unknown' END) AS "a1_sex"
  FROM "atoms0"
),
"checked" AS (
  SELECT "atoms1".*,
    coalesce("c_id" <> '', FALSE) AS "ok_id",
    ("c_id" IS NULL) AS "no_id",
    coalesce("c_birthDate" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_birthDate",
    ("c_birthDate" IS NULL) AS "no_birthDate",
    ("a1_sex" IS NOT NULL) AS "ok_sex",
    ("c_sex" IS NULL) AS "no_sex",
    coalesce("c_district" <> '', FALSE) AS "ok_district",
    ("c_district" IS NULL) AS "no_district",
    coalesce("c_residentType" IN ('permanent', 'temporary'), FALSE) AS "ok_residentType",
    ("c_residentType" IS NULL) AS "no_residentType",
    coalesce("c_deceasedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_deceasedOn",
    ("c_deceasedOn" IS NULL) AS "no_deceasedOn",
    coalesce("c_healthManagedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_healthManagedOn",
    ("c_healthManagedOn" IS NULL) AS "no_healthManagedOn",
    coalesce("c_tcmManagedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_tcmManagedOn",
    ("c_tcmManagedOn" IS NULL) AS "no_tcmManagedOn",
    ("c_familyDoctorSigned" IS NOT NULL) AS "ok_familyDoctorSigned",
    ("c_familyDoctorSigned" IS NULL) AS "no_familyDoctorSigned",
    coalesce("c_integratedCareOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_integratedCareOn",
    ("c_integratedCareOn" IS NULL) AS "no_integratedCareOn",
    ("c_disabled" IS NOT NULL) AS "ok_disabled",
    ("c_disabled" IS NULL) AS "no_disabled",
    ("c_dementia" IS NOT NULL) AS "ok_dementia",
    ("c_dementia" IS NULL) AS "no_dementia",
    coalesce("c_healthAssessedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_healthAssessedOn",
    ("c_healthAssessedOn" IS NULL) AS "no_healthAssessedOn"
  FROM "atoms1"
),
"typed" AS (
  SELECT "checked".*,
    "c_id" AS "v_id",
    "c_birthDate" AS "v_birthDate",
    "a1_sex" AS "v_sex",
    "c_district" AS "v_district",
    "c_residentType" AS "v_residentType",
    "c_deceasedOn" AS "v_deceasedOn",
    "c_healthManagedOn" AS "v_healthManagedOn",
    "c_tcmManagedOn" AS "v_tcmManagedOn",
    "c_familyDoctorSigned" AS "v_familyDoctorSigned",
    "c_integratedCareOn" AS "v_integratedCareOn",
    "c_disabled" AS "v_disabled",
    "c_dementia" AS "v_dementia",
    "c_healthAssessedOn" AS "v_healthAssessedOn",
    ("ok_id"
      AND "ok_birthDate"
      AND "ok_sex"
      AND "ok_district"
      AND "ok_residentType"
      AND ("ok_deceasedOn" OR "no_deceasedOn")
      AND ("ok_healthManagedOn" OR "no_healthManagedOn")
      AND ("ok_tcmManagedOn" OR "no_tcmManagedOn")
      AND "ok_familyDoctorSigned"
      AND ("ok_integratedCareOn" OR "no_integratedCareOn")
      AND "ok_disabled"
      AND "ok_dementia"
      AND ("ok_healthAssessedOn" OR "no_healthAssessedOn")) AS "fields_ok"
  FROM "checked"
),
"aged" AS (
  SELECT "typed".*,
    (CAST(year(CAST($3 AS DATE)) AS INTEGER) - CAST(year("v_birthDate") AS INTEGER) - (CASE WHEN (CAST(month("v_birthDate") AS INTEGER) * 100 + CAST(day("v_birthDate") AS INTEGER)) > (CAST(month(CAST($3 AS DATE)) AS INTEGER) * 100 + CAST(day(CAST($3 AS DATE)) AS INTEGER)) THEN 1 ELSE 0 END)) AS "age"
  FROM "typed"
),
"ruled" AS (
  SELECT "aged".*,
    ((((NOT ("v_deceasedOn" IS NOT NULL))) OR ((CASE WHEN "v_deceasedOn" IS NULL THEN FALSE ELSE ("v_deceasedOn" >= "v_birthDate") END)))) AS "r0",
    ((CASE WHEN "v_residentType" = 'permanent' THEN (((CAST("age" AS DOUBLE) >= 65)) AND TRUE) WHEN "v_residentType" = 'temporary' THEN (((CAST("age" AS DOUBLE) >= 65)) AND FALSE) END)) AS "r1",
    (((("v_deceasedOn" IS NOT NULL)) AND ((CASE WHEN "v_deceasedOn" IS NULL THEN FALSE ELSE ("v_deceasedOn" <= CAST($3 AS DATE)) END)))) AS "r2",
    (((CASE WHEN "v_healthManagedOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_healthManagedOn") END) AND (CASE WHEN "v_healthManagedOn" IS NULL THEN FALSE ELSE ("v_healthManagedOn" <= CAST($2 AS DATE)) END))) AS "r3",
    (((CASE WHEN "v_tcmManagedOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_tcmManagedOn") END) AND (CASE WHEN "v_tcmManagedOn" IS NULL THEN FALSE ELSE ("v_tcmManagedOn" <= CAST($2 AS DATE)) END))) AS "r4",
    coalesce("v_familyDoctorSigned" IN (TRUE), FALSE) AS "r5",
    (((CASE WHEN "v_integratedCareOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_integratedCareOn") END) AND (CASE WHEN "v_integratedCareOn" IS NULL THEN FALSE ELSE ("v_integratedCareOn" <= CAST($2 AS DATE)) END))) AS "r6",
    coalesce(("v_disabled" = TRUE AND "v_dementia" = TRUE) OR ("v_disabled" = TRUE AND "v_dementia" = FALSE) OR ("v_disabled" = FALSE AND "v_dementia" = TRUE), FALSE) AS "r7",
    (((CASE WHEN "v_healthAssessedOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_healthAssessedOn") END) AND (CASE WHEN "v_healthAssessedOn" IS NULL THEN FALSE ELSE ("v_healthAssessedOn" <= CAST($2 AS DATE)) END))) AS "r8"
  FROM "aged"
),
"judged" AS (
  SELECT "ruled".*,
    ("fields_ok" AND NOT coalesce("v_birthDate" > CAST($3 AS DATE), FALSE)
      AND "r0") AS "valid"
  FROM "ruled"
),
"staged" AS (
  SELECT
    "valid",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r1" THEN 0 WHEN "r2" THEN 2 WHEN NOT "r3" THEN 3 ELSE 5 END) AS "stage_0",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r1" THEN 0 WHEN "r2" THEN 2 WHEN NOT "r4" THEN 3 ELSE 5 END) AS "stage_1",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r1" THEN 0 WHEN "r2" THEN 2 WHEN NOT "r5" THEN 3 ELSE 5 END) AS "stage_2",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r1" THEN 0 WHEN "r2" THEN 2 WHEN NOT "r6" THEN 3 ELSE 5 END) AS "stage_3",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r1" THEN 0 WHEN NOT "r7" THEN 1 WHEN "r2" THEN 2 WHEN NOT "r8" THEN 3 ELSE 5 END) AS "stage_4",
    "v_district" AS "key_0",
    "v_sex" AS "key_1",
    (CASE WHEN CAST("age" AS DOUBLE) >= 65 AND CAST("age" AS DOUBLE) <= 69 THEN '65-69' WHEN CAST("age" AS DOUBLE) >= 70 AND CAST("age" AS DOUBLE) <= 74 THEN '70-74' WHEN CAST("age" AS DOUBLE) >= 75 AND CAST("age" AS DOUBLE) <= 79 THEN '75-79' WHEN CAST("age" AS DOUBLE) >= 80 THEN '80+' END) AS "key_2"
  FROM "judged"
),
"combinations" AS (
  SELECT CAST((CASE WHEN "valid" THEN 3656158440062976 ELSE 0 END) + CAST("stage_0" AS BIGINT) * 1 + CAST("stage_1" AS BIGINT) * 6 + CAST("stage_2" AS BIGINT) * 36 + CAST("stage_3" AS BIGINT) * 216 + CAST("stage_4" AS BIGINT) * 1296 AS BIGINT) AS "code_0", "key_0", "key_1", "key_2",
    count(*) AS "n"
  FROM "staged"
  GROUP BY 1, 2, 3, 4
)
SELECT GROUPING("key_0", "key_1", "key_2") AS "grouping_id",
  "key_0",
  "key_1",
  "key_2",
  sum(CASE WHEN TRUE THEN "n" ELSE 0 END) AS "records_read",
  sum(CASE WHEN "code_0" >= 3656158440062976 THEN "n" ELSE 0 END) AS "records_valid",
  sum(CASE WHEN (("code_0" // 1) % 6) >= 1 THEN "n" ELSE 0 END) AS "t0_initial_population",
  sum(CASE WHEN (("code_0" // 1) % 6) = 2 THEN "n" ELSE 0 END) AS "t0_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 1) % 6) >= 3 THEN "n" ELSE 0 END) AS "t0_denominator",
  sum(CASE WHEN (("code_0" // 1) % 6) = 4 THEN "n" ELSE 0 END) AS "t0_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 1) % 6) = 5 THEN "n" ELSE 0 END) AS "t0_numerator",
  sum(CASE WHEN (("code_0" // 6) % 6) >= 1 THEN "n" ELSE 0 END) AS "t1_initial_population",
  sum(CASE WHEN (("code_0" // 6) % 6) = 2 THEN "n" ELSE 0 END) AS "t1_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 6) % 6) >= 3 THEN "n" ELSE 0 END) AS "t1_denominator",
  sum(CASE WHEN (("code_0" // 6) % 6) = 4 THEN "n" ELSE 0 END) AS "t1_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 6) % 6) = 5 THEN "n" ELSE 0 END) AS "t1_numerator",
  sum(CASE WHEN (("code_0" // 36) % 6) >= 1 THEN "n" ELSE 0 END) AS "t2_initial_population",
  sum(CASE WHEN (("code_0" // 36) % 6) = 2 THEN "n" ELSE 0 END) AS "t2_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 36) % 6) >= 3 THEN "n" ELSE 0 END) AS "t2_denominator",
  sum(CASE WHEN (("code_0" // 36) % 6) = 4 THEN "n" ELSE 0 END) AS "t2_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 36) % 6) = 5 THEN "n" ELSE 0 END) AS "t2_numerator",
  sum(CASE WHEN (("code_0" // 216) % 6) >= 1 THEN "n" ELSE 0 END) AS "t3_initial_population",
  sum(CASE WHEN (("code_0" // 216) % 6) = 2 THEN "n" ELSE 0 END) AS "t3_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 216) % 6) >= 3 THEN "n" ELSE 0 END) AS "t3_denominator",
  sum(CASE WHEN (("code_0" // 216) % 6) = 4 THEN "n" ELSE 0 END) AS "t3_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 216) % 6) = 5 THEN "n" ELSE 0 END) AS "t3_numerator",
  sum(CASE WHEN (("code_0" // 1296) % 6) >= 1 THEN "n" ELSE 0 END) AS "t4_initial_population",
  sum(CASE WHEN (("code_0" // 1296) % 6) = 2 THEN "n" ELSE 0 END) AS "t4_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 1296) % 6) >= 3 THEN "n" ELSE 0 END) AS "t4_denominator",
  sum(CASE WHEN (("code_0" // 1296) % 6) = 4 THEN "n" ELSE 0 END) AS "t4_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 1296) % 6) = 5 THEN "n" ELSE 0 END) AS "t4_numerator"
FROM "combinations"
GROUP BY GROUPING SETS ((), ("key_0"), ("key_1"), ("key_2"));

-- city-elderly-health-indicators 0.1.0: refused person records from health.residents, in input order
WITH "raw" AS (
  SELECT "id" AS "c_id",
    "birthDate" AS "c_birthDate",
    "sex" AS "c_sex",
    "district" AS "c_district",
    "residentType" AS "c_residentType",
    "deceasedOn" AS "c_deceasedOn",
    "healthManagedOn" AS "c_healthManagedOn",
    "tcmManagedOn" AS "c_tcmManagedOn",
    "familyDoctorSigned" AS "c_familyDoctorSigned",
    "integratedCareOn" AS "c_integratedCareOn",
    "disabled" AS "c_disabled",
    "dementia" AS "c_dementia",
    "healthAssessedOn" AS "c_healthAssessedOn"
  FROM "health"."residents"
  WHERE CAST($1 AS DATE) <= CAST($2 AS DATE) AND CAST($3 AS DATE) IS NOT NULL
),
"atoms0" AS (
  SELECT "raw".*,
    (CASE WHEN "c_sex" IN ('male', 'female', 'other', 'unknown') THEN "c_sex" ELSE (CASE WHEN "c_sex" IS NULL OR "c_sex" = '' OR ((ord(left("c_sex", 1)) BETWEEN 33 AND 159 OR ord(left("c_sex", 1)) BETWEEN 161 AND 5759 OR ord(left("c_sex", 1)) BETWEEN 5761 AND 8191 OR ord(left("c_sex", 1)) BETWEEN 8203 AND 8231 OR ord(left("c_sex", 1)) BETWEEN 8234 AND 8238 OR ord(left("c_sex", 1)) BETWEEN 8240 AND 8286 OR ord(left("c_sex", 1)) BETWEEN 8288 AND 12287 OR ord(left("c_sex", 1)) BETWEEN 12289 AND 65278 OR ord(left("c_sex", 1)) BETWEEN 65280 AND 1114111) AND (ord(right("c_sex", 1)) BETWEEN 33 AND 159 OR ord(right("c_sex", 1)) BETWEEN 161 AND 5759 OR ord(right("c_sex", 1)) BETWEEN 5761 AND 8191 OR ord(right("c_sex", 1)) BETWEEN 8203 AND 8231 OR ord(right("c_sex", 1)) BETWEEN 8234 AND 8238 OR ord(right("c_sex", 1)) BETWEEN 8240 AND 8286 OR ord(right("c_sex", 1)) BETWEEN 8288 AND 12287 OR ord(right("c_sex", 1)) BETWEEN 12289 AND 65278 OR ord(right("c_sex", 1)) BETWEEN 65280 AND 1114111)) THEN "c_sex" ELSE trim("c_sex", chr(9) || chr(10) || chr(11) || chr(12) || chr(13) || chr(32) || chr(160) || chr(5760) || chr(8192) || chr(8193) || chr(8194) || chr(8195) || chr(8196) || chr(8197) || chr(8198) || chr(8199) || chr(8200) || chr(8201) || chr(8202) || chr(8232) || chr(8233) || chr(8239) || chr(8287) || chr(12288) || chr(65279)) END) END) AS "a0_sex"
  FROM "raw"
),
"atoms1" AS (
  SELECT "atoms0".*,
    (CASE WHEN "a0_sex" IN ('male', 'female', 'other', 'unknown') THEN "a0_sex" WHEN regexp_full_match("a0_sex", '^[A-Za-z]+$') AND length("a0_sex") > 1 THEN (CASE lower("a0_sex") WHEN 'male' THEN 'male' WHEN 'female' THEN 'female' WHEN 'other' THEN 'other' WHEN 'unknown' THEN 'unknown' END) WHEN "a0_sex" IN ('M', 'm') THEN 'male' WHEN "a0_sex" IN ('F', 'f') THEN 'female' WHEN "a0_sex" IN ('O', 'o') THEN 'other' WHEN "a0_sex" IN ('U', 'u') THEN 'unknown' WHEN "a0_sex" IN ('A', 'a') THEN 'other' WHEN "a0_sex" IN ('N', 'n') THEN 'unknown' WHEN "a0_sex" = '0' THEN 'unknown' WHEN "a0_sex" = '1' THEN 'male' WHEN "a0_sex" = '2' THEN 'female' WHEN "a0_sex" = '9' THEN 'unknown' WHEN "a0_sex" = '男' THEN 'male' WHEN "a0_sex" = '女' THEN 'female' WHEN "a0_sex" = '未知' THEN 'unknown' WHEN "a0_sex" = '男性' THEN 'male' WHEN "a0_sex" = '女性' THEN 'female' WHEN "a0_sex" = '未说明' THEN 'unknown' END) AS "a1_sex"
  FROM "atoms0"
),
"checked" AS (
  SELECT "atoms1".*,
    coalesce("c_id" <> '', FALSE) AS "ok_id",
    ("c_id" IS NULL) AS "no_id",
    coalesce("c_birthDate" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_birthDate",
    ("c_birthDate" IS NULL) AS "no_birthDate",
    ("a1_sex" IS NOT NULL) AS "ok_sex",
    ("c_sex" IS NULL) AS "no_sex",
    coalesce("c_district" <> '', FALSE) AS "ok_district",
    ("c_district" IS NULL) AS "no_district",
    coalesce("c_residentType" IN ('permanent', 'temporary'), FALSE) AS "ok_residentType",
    ("c_residentType" IS NULL) AS "no_residentType",
    coalesce("c_deceasedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_deceasedOn",
    ("c_deceasedOn" IS NULL) AS "no_deceasedOn",
    coalesce("c_healthManagedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_healthManagedOn",
    ("c_healthManagedOn" IS NULL) AS "no_healthManagedOn",
    coalesce("c_tcmManagedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_tcmManagedOn",
    ("c_tcmManagedOn" IS NULL) AS "no_tcmManagedOn",
    ("c_familyDoctorSigned" IS NOT NULL) AS "ok_familyDoctorSigned",
    ("c_familyDoctorSigned" IS NULL) AS "no_familyDoctorSigned",
    coalesce("c_integratedCareOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_integratedCareOn",
    ("c_integratedCareOn" IS NULL) AS "no_integratedCareOn",
    ("c_disabled" IS NOT NULL) AS "ok_disabled",
    ("c_disabled" IS NULL) AS "no_disabled",
    ("c_dementia" IS NOT NULL) AS "ok_dementia",
    ("c_dementia" IS NULL) AS "no_dementia",
    coalesce("c_healthAssessedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_healthAssessedOn",
    ("c_healthAssessedOn" IS NULL) AS "no_healthAssessedOn"
  FROM "atoms1"
),
"typed" AS (
  SELECT "checked".*,
    "c_id" AS "v_id",
    "c_birthDate" AS "v_birthDate",
    "a1_sex" AS "v_sex",
    "c_district" AS "v_district",
    "c_residentType" AS "v_residentType",
    "c_deceasedOn" AS "v_deceasedOn",
    "c_healthManagedOn" AS "v_healthManagedOn",
    "c_tcmManagedOn" AS "v_tcmManagedOn",
    "c_familyDoctorSigned" AS "v_familyDoctorSigned",
    "c_integratedCareOn" AS "v_integratedCareOn",
    "c_disabled" AS "v_disabled",
    "c_dementia" AS "v_dementia",
    "c_healthAssessedOn" AS "v_healthAssessedOn",
    ("ok_id"
      AND "ok_birthDate"
      AND "ok_sex"
      AND "ok_district"
      AND "ok_residentType"
      AND ("ok_deceasedOn" OR "no_deceasedOn")
      AND ("ok_healthManagedOn" OR "no_healthManagedOn")
      AND ("ok_tcmManagedOn" OR "no_tcmManagedOn")
      AND "ok_familyDoctorSigned"
      AND ("ok_integratedCareOn" OR "no_integratedCareOn")
      AND "ok_disabled"
      AND "ok_dementia"
      AND ("ok_healthAssessedOn" OR "no_healthAssessedOn")) AS "fields_ok"
  FROM "checked"
),
"aged" AS (
  SELECT "typed".*,
    (CAST(year(CAST($3 AS DATE)) AS INTEGER) - CAST(year("v_birthDate") AS INTEGER) - (CASE WHEN (CAST(month("v_birthDate") AS INTEGER) * 100 + CAST(day("v_birthDate") AS INTEGER)) > (CAST(month(CAST($3 AS DATE)) AS INTEGER) * 100 + CAST(day(CAST($3 AS DATE)) AS INTEGER)) THEN 1 ELSE 0 END)) AS "age"
  FROM "typed"
),
"ruled" AS (
  SELECT "aged".*,
    ((((NOT ("v_deceasedOn" IS NOT NULL))) OR ((CASE WHEN "v_deceasedOn" IS NULL THEN FALSE ELSE ("v_deceasedOn" >= "v_birthDate") END)))) AS "r0",
    ((CASE WHEN "v_residentType" = 'permanent' THEN (((CAST("age" AS DOUBLE) >= 65)) AND TRUE) WHEN "v_residentType" = 'temporary' THEN (((CAST("age" AS DOUBLE) >= 65)) AND FALSE) END)) AS "r1",
    (((("v_deceasedOn" IS NOT NULL)) AND ((CASE WHEN "v_deceasedOn" IS NULL THEN FALSE ELSE ("v_deceasedOn" <= CAST($3 AS DATE)) END)))) AS "r2",
    (((CASE WHEN "v_healthManagedOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_healthManagedOn") END) AND (CASE WHEN "v_healthManagedOn" IS NULL THEN FALSE ELSE ("v_healthManagedOn" <= CAST($2 AS DATE)) END))) AS "r3",
    (((CASE WHEN "v_tcmManagedOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_tcmManagedOn") END) AND (CASE WHEN "v_tcmManagedOn" IS NULL THEN FALSE ELSE ("v_tcmManagedOn" <= CAST($2 AS DATE)) END))) AS "r4",
    coalesce("v_familyDoctorSigned" IN (TRUE), FALSE) AS "r5",
    (((CASE WHEN "v_integratedCareOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_integratedCareOn") END) AND (CASE WHEN "v_integratedCareOn" IS NULL THEN FALSE ELSE ("v_integratedCareOn" <= CAST($2 AS DATE)) END))) AS "r6",
    coalesce(("v_disabled" = TRUE AND "v_dementia" = TRUE) OR ("v_disabled" = TRUE AND "v_dementia" = FALSE) OR ("v_disabled" = FALSE AND "v_dementia" = TRUE), FALSE) AS "r7",
    (((CASE WHEN "v_healthAssessedOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_healthAssessedOn") END) AND (CASE WHEN "v_healthAssessedOn" IS NULL THEN FALSE ELSE ("v_healthAssessedOn" <= CAST($2 AS DATE)) END))) AS "r8"
  FROM "aged"
),
"judged" AS (
  SELECT "ruled".*,
    ("fields_ok" AND NOT coalesce("v_birthDate" > CAST($3 AS DATE), FALSE)
      AND "r0") AS "valid"
  FROM "ruled"
),
"numbered" AS (
  SELECT "judged".*, row_number() OVER () AS "row_"
  FROM "judged"
)
SELECT "row_" AS "row_",
  "row_" AS "line_",
  "row_" - 1 AS "index_",
  CAST("c_id" AS TEXT) AS "raw_0",
  CAST("c_birthDate" AS TEXT) AS "raw_1",
  CAST("c_sex" AS TEXT) AS "raw_2",
  CAST("c_district" AS TEXT) AS "raw_3",
  CAST("c_residentType" AS TEXT) AS "raw_4",
  CAST("c_deceasedOn" AS TEXT) AS "raw_5",
  CAST("c_healthManagedOn" AS TEXT) AS "raw_6",
  CAST("c_tcmManagedOn" AS TEXT) AS "raw_7",
  CAST("c_familyDoctorSigned" AS TEXT) AS "raw_8",
  CAST("c_integratedCareOn" AS TEXT) AS "raw_9",
  CAST("c_disabled" AS TEXT) AS "raw_10",
  CAST("c_dementia" AS TEXT) AS "raw_11",
  CAST("c_healthAssessedOn" AS TEXT) AS "raw_12"
FROM "numbered"
WHERE NOT "valid"
ORDER BY "row_"
LIMIT CAST($4 AS BIGINT);

-- city-elderly-health-indicators 0.1.0 (sha256:4ec0096c8199ebb2d9221a5cbe7d5739f7df597b0c2d31e9a356b57bb7ee5ce9): facility records from health.facilities
WITH "raw" AS (
  SELECT "id" AS "c_id",
    "name" AS "c_name",
    "kind" AS "c_kind",
    "level" AS "c_level",
    "ownership" AS "c_ownership",
    "district" AS "c_district",
    "beds" AS "c_beds",
    "nursingBeds" AS "c_nursingBeds",
    "hasGeriatrics" AS "c_hasGeriatrics",
    "providesMedicalServices" AS "c_providesMedicalServices",
    "greenChannel" AS "c_greenChannel",
    "ruralRegionalCenter" AS "c_ruralRegionalCenter",
    "standardised" AS "c_standardised",
    "openedOn" AS "c_openedOn",
    "closedOn" AS "c_closedOn"
  FROM "health"."facilities"
  WHERE CAST($1 AS DATE) <= CAST($2 AS DATE) AND CAST($3 AS DATE) IS NOT NULL
),
"checked" AS (
  SELECT "raw".*,
    coalesce("c_id" <> '', FALSE) AS "ok_id",
    ("c_id" IS NULL) AS "no_id",
    coalesce("c_name" <> '', FALSE) AS "ok_name",
    ("c_name" IS NULL) AS "no_name",
    coalesce("c_kind" IN ('general-hospital', 'tcm-hospital', 'specialty-hospital', 'primary-care', 'other-medical', 'elderly-care-institution'), FALSE) AS "ok_kind",
    ("c_kind" IS NULL) AS "no_kind",
    coalesce(isfinite(CAST("c_level" AS DOUBLE)) AND CAST("c_level" AS DOUBLE) = floor(CAST("c_level" AS DOUBLE)) AND abs(CAST("c_level" AS DOUBLE)) <= 9007199254740991 AND CAST("c_level" AS DOUBLE) >= 0, FALSE) AS "ok_level",
    ("c_level" IS NULL) AS "no_level",
    coalesce("c_ownership" IN ('public', 'private'), FALSE) AS "ok_ownership",
    ("c_ownership" IS NULL) AS "no_ownership",
    coalesce("c_district" <> '', FALSE) AS "ok_district",
    ("c_district" IS NULL) AS "no_district",
    coalesce(isfinite(CAST("c_beds" AS DOUBLE)) AND CAST("c_beds" AS DOUBLE) = floor(CAST("c_beds" AS DOUBLE)) AND abs(CAST("c_beds" AS DOUBLE)) <= 9007199254740991 AND CAST("c_beds" AS DOUBLE) >= 0, FALSE) AS "ok_beds",
    ("c_beds" IS NULL) AS "no_beds",
    coalesce(isfinite(CAST("c_nursingBeds" AS DOUBLE)) AND CAST("c_nursingBeds" AS DOUBLE) = floor(CAST("c_nursingBeds" AS DOUBLE)) AND abs(CAST("c_nursingBeds" AS DOUBLE)) <= 9007199254740991 AND CAST("c_nursingBeds" AS DOUBLE) >= 0, FALSE) AS "ok_nursingBeds",
    ("c_nursingBeds" IS NULL) AS "no_nursingBeds",
    ("c_hasGeriatrics" IS NOT NULL) AS "ok_hasGeriatrics",
    ("c_hasGeriatrics" IS NULL) AS "no_hasGeriatrics",
    ("c_providesMedicalServices" IS NOT NULL) AS "ok_providesMedicalServices",
    ("c_providesMedicalServices" IS NULL) AS "no_providesMedicalServices",
    ("c_greenChannel" IS NOT NULL) AS "ok_greenChannel",
    ("c_greenChannel" IS NULL) AS "no_greenChannel",
    ("c_ruralRegionalCenter" IS NOT NULL) AS "ok_ruralRegionalCenter",
    ("c_ruralRegionalCenter" IS NULL) AS "no_ruralRegionalCenter",
    ("c_standardised" IS NOT NULL) AS "ok_standardised",
    ("c_standardised" IS NULL) AS "no_standardised",
    coalesce("c_openedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_openedOn",
    ("c_openedOn" IS NULL) AS "no_openedOn",
    coalesce("c_closedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_closedOn",
    ("c_closedOn" IS NULL) AS "no_closedOn"
  FROM "raw"
),
"typed" AS (
  SELECT "checked".*,
    "c_id" AS "v_id",
    "c_name" AS "v_name",
    "c_kind" AS "v_kind",
    CAST("c_level" AS BIGINT) AS "v_level",
    "c_ownership" AS "v_ownership",
    "c_district" AS "v_district",
    CAST("c_beds" AS BIGINT) AS "v_beds",
    CAST("c_nursingBeds" AS BIGINT) AS "v_nursingBeds",
    "c_hasGeriatrics" AS "v_hasGeriatrics",
    "c_providesMedicalServices" AS "v_providesMedicalServices",
    "c_greenChannel" AS "v_greenChannel",
    "c_ruralRegionalCenter" AS "v_ruralRegionalCenter",
    "c_standardised" AS "v_standardised",
    "c_openedOn" AS "v_openedOn",
    "c_closedOn" AS "v_closedOn",
    ("ok_id"
      AND ("ok_name" OR "no_name")
      AND "ok_kind"
      AND "ok_level"
      AND "ok_ownership"
      AND "ok_district"
      AND "ok_beds"
      AND "ok_nursingBeds"
      AND ("ok_hasGeriatrics" OR "no_hasGeriatrics")
      AND ("ok_providesMedicalServices" OR "no_providesMedicalServices")
      AND ("ok_greenChannel" OR "no_greenChannel")
      AND ("ok_ruralRegionalCenter" OR "no_ruralRegionalCenter")
      AND ("ok_standardised" OR "no_standardised")
      AND ("ok_openedOn" OR "no_openedOn")
      AND ("ok_closedOn" OR "no_closedOn")) AS "fields_ok"
  FROM "checked"
),
"aged" AS (
  SELECT "typed".*
  FROM "typed"
),
"ruled" AS (
  SELECT "aged".*,
    ((CAST("v_nursingBeds" AS DOUBLE) <= CAST("v_beds" AS DOUBLE))) AS "r0",
    ((((NOT ("v_closedOn" IS NOT NULL))) OR ((NOT ("v_openedOn" IS NOT NULL))) OR ((CASE WHEN "v_closedOn" IS NULL THEN (CASE WHEN "v_openedOn" IS NULL THEN TRUE ELSE FALSE END) ELSE (CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_closedOn" >= "v_openedOn") END) END)))) AS "r1",
    coalesce("v_kind" IN ('elderly-care-institution'), FALSE) AS "r2",
    (((((("v_closedOn" IS NOT NULL)) AND ((CASE WHEN "v_closedOn" IS NULL THEN FALSE ELSE ("v_closedOn" <= CAST($3 AS DATE)) END)))) OR (((("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" > CAST($3 AS DATE)) END)))))) AS "r3",
    TRUE AS "r4",
    ((CASE WHEN "v_kind" = 'general-hospital' THEN (TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'tcm-hospital' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'specialty-hospital' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'primary-care' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'other-medical' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'elderly-care-institution' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) END)) AS "r5",
    coalesce("v_hasGeriatrics" IN (TRUE), FALSE) AS "r6",
    ((CASE WHEN "v_kind" = 'general-hospital' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'general-hospital' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'tcm-hospital' AND "v_ownership" = 'public' THEN (TRUE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'tcm-hospital' AND "v_ownership" = 'private' THEN (TRUE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'specialty-hospital' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'specialty-hospital' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'primary-care' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'primary-care' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'other-medical' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'other-medical' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'elderly-care-institution' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'elderly-care-institution' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) END)) AS "r7",
    coalesce("v_providesMedicalServices" IN (TRUE), FALSE) AS "r8",
    coalesce("v_kind" IN ('general-hospital', 'tcm-hospital', 'specialty-hospital', 'primary-care', 'other-medical'), FALSE) AS "r9",
    coalesce("v_greenChannel" IN (TRUE), FALSE) AS "r10",
    coalesce(("v_kind" = 'elderly-care-institution' AND "v_ruralRegionalCenter" = TRUE), FALSE) AS "r11",
    ((CASE WHEN "v_standardised" = TRUE THEN (TRUE AND (("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" <= CAST($3 AS DATE)) END))) WHEN "v_standardised" = FALSE THEN (FALSE AND (("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" <= CAST($3 AS DATE)) END))) WHEN "v_standardised" IS NULL THEN (FALSE AND (("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" <= CAST($3 AS DATE)) END))) END)) AS "r12",
    (((("v_closedOn" IS NOT NULL)) AND ((CASE WHEN "v_closedOn" IS NULL THEN FALSE ELSE ("v_closedOn" <= CAST($3 AS DATE)) END)))) AS "r13"
  FROM "aged"
),
"judged" AS (
  SELECT "ruled".*,
    ("fields_ok" AND NOT FALSE
      AND "r0"
      AND "r1") AS "valid"
  FROM "ruled"
),
"staged" AS (
  SELECT
    "valid",
    "v_beds",
    "v_nursingBeds",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r2" THEN 0 WHEN "r3" THEN 2 WHEN NOT "r4" THEN 3 ELSE 5 END) AS "stage_0",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r5" THEN 0 WHEN "r3" THEN 2 WHEN NOT "r6" THEN 3 ELSE 5 END) AS "stage_1",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r7" THEN 0 WHEN "r3" THEN 2 WHEN NOT "r6" THEN 3 ELSE 5 END) AS "stage_2",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r2" THEN 0 WHEN "r3" THEN 2 WHEN NOT "r8" THEN 3 ELSE 5 END) AS "stage_3",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r9" THEN 0 WHEN "r3" THEN 2 WHEN NOT "r10" THEN 3 ELSE 5 END) AS "stage_4",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r11" THEN 0 WHEN NOT "r12" THEN 3 WHEN "r13" THEN 4 ELSE 5 END) AS "stage_5",
    "v_district" AS "key_0",
    "v_ownership" AS "key_1"
  FROM "judged"
),
"combinations" AS (
  SELECT CAST((CASE WHEN "valid" THEN 3656158440062976 ELSE 0 END) + CAST("stage_0" AS BIGINT) * 1 + CAST("stage_1" AS BIGINT) * 6 + CAST("stage_2" AS BIGINT) * 36 + CAST("stage_3" AS BIGINT) * 216 + CAST("stage_4" AS BIGINT) * 1296 + CAST("stage_5" AS BIGINT) * 7776 AS BIGINT) AS "code_0", "key_0", "key_1",
    count(*) AS "n",
    sum("v_beds") AS "s_beds",
    sum("v_nursingBeds") AS "s_nursingBeds"
  FROM "staged"
  GROUP BY 1, 2, 3
)
SELECT GROUPING("key_0", "key_1") AS "grouping_id",
  "key_0",
  "key_1",
  sum(CASE WHEN TRUE THEN "n" ELSE 0 END) AS "records_read",
  sum(CASE WHEN "code_0" >= 3656158440062976 THEN "n" ELSE 0 END) AS "records_valid",
  sum(CASE WHEN (("code_0" // 1) % 6) >= 1 THEN "n" ELSE 0 END) AS "t0_initial_population",
  sum(CASE WHEN (("code_0" // 1) % 6) = 2 THEN "n" ELSE 0 END) AS "t0_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 1) % 6) >= 3 THEN "s_beds" ELSE 0 END) AS "t0_denominator",
  sum(CASE WHEN (("code_0" // 1) % 6) = 4 THEN "n" ELSE 0 END) AS "t0_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 1) % 6) = 5 THEN "s_nursingBeds" ELSE 0 END) AS "t0_numerator",
  sum(CASE WHEN (("code_0" // 6) % 6) >= 1 THEN "n" ELSE 0 END) AS "t1_initial_population",
  sum(CASE WHEN (("code_0" // 6) % 6) = 2 THEN "n" ELSE 0 END) AS "t1_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 6) % 6) >= 3 THEN "n" ELSE 0 END) AS "t1_denominator",
  sum(CASE WHEN (("code_0" // 6) % 6) = 4 THEN "n" ELSE 0 END) AS "t1_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 6) % 6) = 5 THEN "n" ELSE 0 END) AS "t1_numerator",
  sum(CASE WHEN (("code_0" // 36) % 6) >= 1 THEN "n" ELSE 0 END) AS "t2_initial_population",
  sum(CASE WHEN (("code_0" // 36) % 6) = 2 THEN "n" ELSE 0 END) AS "t2_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 36) % 6) >= 3 THEN "n" ELSE 0 END) AS "t2_denominator",
  sum(CASE WHEN (("code_0" // 36) % 6) = 4 THEN "n" ELSE 0 END) AS "t2_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 36) % 6) = 5 THEN "n" ELSE 0 END) AS "t2_numerator",
  sum(CASE WHEN (("code_0" // 216) % 6) >= 1 THEN "n" ELSE 0 END) AS "t3_initial_population",
  sum(CASE WHEN (("code_0" // 216) % 6) = 2 THEN "n" ELSE 0 END) AS "t3_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 216) % 6) >= 3 THEN "n" ELSE 0 END) AS "t3_denominator",
  sum(CASE WHEN (("code_0" // 216) % 6) = 4 THEN "n" ELSE 0 END) AS "t3_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 216) % 6) = 5 THEN "n" ELSE 0 END) AS "t3_numerator",
  sum(CASE WHEN (("code_0" // 1296) % 6) >= 1 THEN "n" ELSE 0 END) AS "t4_initial_population",
  sum(CASE WHEN (("code_0" // 1296) % 6) = 2 THEN "n" ELSE 0 END) AS "t4_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 1296) % 6) >= 3 THEN "n" ELSE 0 END) AS "t4_denominator",
  sum(CASE WHEN (("code_0" // 1296) % 6) = 4 THEN "n" ELSE 0 END) AS "t4_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 1296) % 6) = 5 THEN "n" ELSE 0 END) AS "t4_numerator",
  sum(CASE WHEN (("code_0" // 7776) % 6) >= 1 THEN "n" ELSE 0 END) AS "t5_initial_population",
  sum(CASE WHEN (("code_0" // 7776) % 6) = 2 THEN "n" ELSE 0 END) AS "t5_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 7776) % 6) >= 3 THEN "n" ELSE 0 END) AS "t5_denominator",
  sum(CASE WHEN (("code_0" // 7776) % 6) = 4 THEN "n" ELSE 0 END) AS "t5_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 7776) % 6) = 5 THEN "n" ELSE 0 END) AS "t5_numerator"
FROM "combinations"
GROUP BY GROUPING SETS ((), ("key_0"), ("key_1"));

-- city-elderly-health-indicators 0.1.0: refused facility records from health.facilities, in input order
WITH "raw" AS (
  SELECT "id" AS "c_id",
    "name" AS "c_name",
    "kind" AS "c_kind",
    "level" AS "c_level",
    "ownership" AS "c_ownership",
    "district" AS "c_district",
    "beds" AS "c_beds",
    "nursingBeds" AS "c_nursingBeds",
    "hasGeriatrics" AS "c_hasGeriatrics",
    "providesMedicalServices" AS "c_providesMedicalServices",
    "greenChannel" AS "c_greenChannel",
    "ruralRegionalCenter" AS "c_ruralRegionalCenter",
    "standardised" AS "c_standardised",
    "openedOn" AS "c_openedOn",
    "closedOn" AS "c_closedOn"
  FROM "health"."facilities"
  WHERE CAST($1 AS DATE) <= CAST($2 AS DATE) AND CAST($3 AS DATE) IS NOT NULL
),
"checked" AS (
  SELECT "raw".*,
    coalesce("c_id" <> '', FALSE) AS "ok_id",
    ("c_id" IS NULL) AS "no_id",
    coalesce("c_name" <> '', FALSE) AS "ok_name",
    ("c_name" IS NULL) AS "no_name",
    coalesce("c_kind" IN ('general-hospital', 'tcm-hospital', 'specialty-hospital', 'primary-care', 'other-medical', 'elderly-care-institution'), FALSE) AS "ok_kind",
    ("c_kind" IS NULL) AS "no_kind",
    coalesce(isfinite(CAST("c_level" AS DOUBLE)) AND CAST("c_level" AS DOUBLE) = floor(CAST("c_level" AS DOUBLE)) AND abs(CAST("c_level" AS DOUBLE)) <= 9007199254740991 AND CAST("c_level" AS DOUBLE) >= 0, FALSE) AS "ok_level",
    ("c_level" IS NULL) AS "no_level",
    coalesce("c_ownership" IN ('public', 'private'), FALSE) AS "ok_ownership",
    ("c_ownership" IS NULL) AS "no_ownership",
    coalesce("c_district" <> '', FALSE) AS "ok_district",
    ("c_district" IS NULL) AS "no_district",
    coalesce(isfinite(CAST("c_beds" AS DOUBLE)) AND CAST("c_beds" AS DOUBLE) = floor(CAST("c_beds" AS DOUBLE)) AND abs(CAST("c_beds" AS DOUBLE)) <= 9007199254740991 AND CAST("c_beds" AS DOUBLE) >= 0, FALSE) AS "ok_beds",
    ("c_beds" IS NULL) AS "no_beds",
    coalesce(isfinite(CAST("c_nursingBeds" AS DOUBLE)) AND CAST("c_nursingBeds" AS DOUBLE) = floor(CAST("c_nursingBeds" AS DOUBLE)) AND abs(CAST("c_nursingBeds" AS DOUBLE)) <= 9007199254740991 AND CAST("c_nursingBeds" AS DOUBLE) >= 0, FALSE) AS "ok_nursingBeds",
    ("c_nursingBeds" IS NULL) AS "no_nursingBeds",
    ("c_hasGeriatrics" IS NOT NULL) AS "ok_hasGeriatrics",
    ("c_hasGeriatrics" IS NULL) AS "no_hasGeriatrics",
    ("c_providesMedicalServices" IS NOT NULL) AS "ok_providesMedicalServices",
    ("c_providesMedicalServices" IS NULL) AS "no_providesMedicalServices",
    ("c_greenChannel" IS NOT NULL) AS "ok_greenChannel",
    ("c_greenChannel" IS NULL) AS "no_greenChannel",
    ("c_ruralRegionalCenter" IS NOT NULL) AS "ok_ruralRegionalCenter",
    ("c_ruralRegionalCenter" IS NULL) AS "no_ruralRegionalCenter",
    ("c_standardised" IS NOT NULL) AS "ok_standardised",
    ("c_standardised" IS NULL) AS "no_standardised",
    coalesce("c_openedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_openedOn",
    ("c_openedOn" IS NULL) AS "no_openedOn",
    coalesce("c_closedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_closedOn",
    ("c_closedOn" IS NULL) AS "no_closedOn"
  FROM "raw"
),
"typed" AS (
  SELECT "checked".*,
    "c_id" AS "v_id",
    "c_name" AS "v_name",
    "c_kind" AS "v_kind",
    CAST("c_level" AS BIGINT) AS "v_level",
    "c_ownership" AS "v_ownership",
    "c_district" AS "v_district",
    CAST("c_beds" AS BIGINT) AS "v_beds",
    CAST("c_nursingBeds" AS BIGINT) AS "v_nursingBeds",
    "c_hasGeriatrics" AS "v_hasGeriatrics",
    "c_providesMedicalServices" AS "v_providesMedicalServices",
    "c_greenChannel" AS "v_greenChannel",
    "c_ruralRegionalCenter" AS "v_ruralRegionalCenter",
    "c_standardised" AS "v_standardised",
    "c_openedOn" AS "v_openedOn",
    "c_closedOn" AS "v_closedOn",
    ("ok_id"
      AND ("ok_name" OR "no_name")
      AND "ok_kind"
      AND "ok_level"
      AND "ok_ownership"
      AND "ok_district"
      AND "ok_beds"
      AND "ok_nursingBeds"
      AND ("ok_hasGeriatrics" OR "no_hasGeriatrics")
      AND ("ok_providesMedicalServices" OR "no_providesMedicalServices")
      AND ("ok_greenChannel" OR "no_greenChannel")
      AND ("ok_ruralRegionalCenter" OR "no_ruralRegionalCenter")
      AND ("ok_standardised" OR "no_standardised")
      AND ("ok_openedOn" OR "no_openedOn")
      AND ("ok_closedOn" OR "no_closedOn")) AS "fields_ok"
  FROM "checked"
),
"aged" AS (
  SELECT "typed".*
  FROM "typed"
),
"ruled" AS (
  SELECT "aged".*,
    ((CAST("v_nursingBeds" AS DOUBLE) <= CAST("v_beds" AS DOUBLE))) AS "r0",
    ((((NOT ("v_closedOn" IS NOT NULL))) OR ((NOT ("v_openedOn" IS NOT NULL))) OR ((CASE WHEN "v_closedOn" IS NULL THEN (CASE WHEN "v_openedOn" IS NULL THEN TRUE ELSE FALSE END) ELSE (CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_closedOn" >= "v_openedOn") END) END)))) AS "r1",
    coalesce("v_kind" IN ('elderly-care-institution'), FALSE) AS "r2",
    (((((("v_closedOn" IS NOT NULL)) AND ((CASE WHEN "v_closedOn" IS NULL THEN FALSE ELSE ("v_closedOn" <= CAST($3 AS DATE)) END)))) OR (((("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" > CAST($3 AS DATE)) END)))))) AS "r3",
    TRUE AS "r4",
    ((CASE WHEN "v_kind" = 'general-hospital' THEN (TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'tcm-hospital' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'specialty-hospital' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'primary-care' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'other-medical' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'elderly-care-institution' THEN (FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) END)) AS "r5",
    coalesce("v_hasGeriatrics" IN (TRUE), FALSE) AS "r6",
    ((CASE WHEN "v_kind" = 'general-hospital' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'general-hospital' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'tcm-hospital' AND "v_ownership" = 'public' THEN (TRUE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'tcm-hospital' AND "v_ownership" = 'private' THEN (TRUE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'specialty-hospital' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'specialty-hospital' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'primary-care' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'primary-care' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'other-medical' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'other-medical' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'elderly-care-institution' AND "v_ownership" = 'public' THEN (FALSE AND TRUE AND ((CAST("v_level" AS DOUBLE) >= 2))) WHEN "v_kind" = 'elderly-care-institution' AND "v_ownership" = 'private' THEN (FALSE AND FALSE AND ((CAST("v_level" AS DOUBLE) >= 2))) END)) AS "r7",
    coalesce("v_providesMedicalServices" IN (TRUE), FALSE) AS "r8",
    coalesce("v_kind" IN ('general-hospital', 'tcm-hospital', 'specialty-hospital', 'primary-care', 'other-medical'), FALSE) AS "r9",
    coalesce("v_greenChannel" IN (TRUE), FALSE) AS "r10",
    coalesce(("v_kind" = 'elderly-care-institution' AND "v_ruralRegionalCenter" = TRUE), FALSE) AS "r11",
    ((CASE WHEN "v_standardised" = TRUE THEN (TRUE AND (("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" <= CAST($3 AS DATE)) END))) WHEN "v_standardised" = FALSE THEN (FALSE AND (("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" <= CAST($3 AS DATE)) END))) WHEN "v_standardised" IS NULL THEN (FALSE AND (("v_openedOn" IS NOT NULL)) AND ((CASE WHEN "v_openedOn" IS NULL THEN FALSE ELSE ("v_openedOn" <= CAST($3 AS DATE)) END))) END)) AS "r12",
    (((("v_closedOn" IS NOT NULL)) AND ((CASE WHEN "v_closedOn" IS NULL THEN FALSE ELSE ("v_closedOn" <= CAST($3 AS DATE)) END)))) AS "r13"
  FROM "aged"
),
"judged" AS (
  SELECT "ruled".*,
    ("fields_ok" AND NOT FALSE
      AND "r0"
      AND "r1") AS "valid"
  FROM "ruled"
),
"numbered" AS (
  SELECT "judged".*, row_number() OVER () AS "row_"
  FROM "judged"
)
SELECT "row_" AS "row_",
  "row_" AS "line_",
  "row_" - 1 AS "index_",
  CAST("c_id" AS TEXT) AS "raw_0",
  CAST("c_name" AS TEXT) AS "raw_1",
  CAST("c_kind" AS TEXT) AS "raw_2",
  CAST("c_level" AS TEXT) AS "raw_3",
  CAST("c_ownership" AS TEXT) AS "raw_4",
  CAST("c_district" AS TEXT) AS "raw_5",
  CAST("c_beds" AS TEXT) AS "raw_6",
  CAST("c_nursingBeds" AS TEXT) AS "raw_7",
  CAST("c_hasGeriatrics" AS TEXT) AS "raw_8",
  CAST("c_providesMedicalServices" AS TEXT) AS "raw_9",
  CAST("c_greenChannel" AS TEXT) AS "raw_10",
  CAST("c_ruralRegionalCenter" AS TEXT) AS "raw_11",
  CAST("c_standardised" AS TEXT) AS "raw_12",
  CAST("c_openedOn" AS TEXT) AS "raw_13",
  CAST("c_closedOn" AS TEXT) AS "raw_14"
FROM "numbered"
WHERE NOT "valid"
ORDER BY "row_"
LIMIT CAST($4 AS BIGINT);

-- city-elderly-health-indicators 0.1.0 (sha256:4ec0096c8199ebb2d9221a5cbe7d5739f7df597b0c2d31e9a356b57bb7ee5ce9): episode records from care.stays
WITH "raw" AS (
  SELECT "id" AS "c_id",
    "facilityId" AS "c_facilityId",
    "admittedOn" AS "c_admittedOn",
    "dischargedOn" AS "c_dischargedOn",
    "pressureInjuryStage" AS "c_pressureInjuryStage",
    "acquiredInFacility" AS "c_acquiredInFacility",
    "pressureInjuryFoundOn" AS "c_pressureInjuryFoundOn"
  FROM "care"."stays"
  WHERE CAST($1 AS DATE) <= CAST($2 AS DATE) AND CAST($3 AS DATE) IS NOT NULL
),
"checked" AS (
  SELECT "raw".*,
    coalesce("c_id" <> '', FALSE) AS "ok_id",
    ("c_id" IS NULL) AS "no_id",
    coalesce("c_facilityId" <> '', FALSE) AS "ok_facilityId",
    ("c_facilityId" IS NULL) AS "no_facilityId",
    coalesce("c_admittedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_admittedOn",
    ("c_admittedOn" IS NULL) AS "no_admittedOn",
    coalesce("c_dischargedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_dischargedOn",
    ("c_dischargedOn" IS NULL) AS "no_dischargedOn",
    coalesce("c_pressureInjuryStage" IN ('none', '1', '2', '3', '4', 'unstageable', 'deep-tissue'), FALSE) AS "ok_pressureInjuryStage",
    ("c_pressureInjuryStage" IS NULL) AS "no_pressureInjuryStage",
    ("c_acquiredInFacility" IS NOT NULL) AS "ok_acquiredInFacility",
    ("c_acquiredInFacility" IS NULL) AS "no_acquiredInFacility",
    coalesce("c_pressureInjuryFoundOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_pressureInjuryFoundOn",
    ("c_pressureInjuryFoundOn" IS NULL) AS "no_pressureInjuryFoundOn"
  FROM "raw"
),
"typed" AS (
  SELECT "checked".*,
    "c_id" AS "v_id",
    "c_facilityId" AS "v_facilityId",
    "c_admittedOn" AS "v_admittedOn",
    "c_dischargedOn" AS "v_dischargedOn",
    "c_pressureInjuryStage" AS "v_pressureInjuryStage",
    "c_acquiredInFacility" AS "v_acquiredInFacility",
    "c_pressureInjuryFoundOn" AS "v_pressureInjuryFoundOn",
    ("ok_id"
      AND "ok_facilityId"
      AND "ok_admittedOn"
      AND ("ok_dischargedOn" OR "no_dischargedOn")
      AND "ok_pressureInjuryStage"
      AND ("ok_acquiredInFacility" OR "no_acquiredInFacility")
      AND ("ok_pressureInjuryFoundOn" OR "no_pressureInjuryFoundOn")) AS "fields_ok"
  FROM "checked"
),
"aged" AS (
  SELECT "typed".*
  FROM "typed"
),
"ruled" AS (
  SELECT "aged".*,
    ((((NOT ("v_dischargedOn" IS NOT NULL))) OR ((CASE WHEN "v_dischargedOn" IS NULL THEN FALSE ELSE ("v_dischargedOn" >= "v_admittedOn") END)))) AS "r0",
    ((CASE WHEN "v_pressureInjuryStage" = 'none' THEN (TRUE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '1' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '2' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '3' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '4' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = 'unstageable' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = 'deep-tissue' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) END)) AS "r1",
    (((("v_admittedOn" <= CAST($2 AS DATE))) AND ((((NOT ("v_dischargedOn" IS NOT NULL))) OR ((CASE WHEN "v_dischargedOn" IS NULL THEN FALSE ELSE ("v_dischargedOn" >= CAST($1 AS DATE)) END)))))) AS "r2",
    ((CASE WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = 'none' THEN (TRUE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '1' THEN (TRUE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '2' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '3' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '4' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = 'unstageable' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = 'deep-tissue' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = 'none' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '1' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '2' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '3' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '4' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = 'unstageable' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = 'deep-tissue' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = 'none' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '1' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '2' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '3' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '4' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = 'unstageable' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = 'deep-tissue' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) END)) AS "r3"
  FROM "aged"
),
"judged" AS (
  SELECT "ruled".*,
    ("fields_ok" AND NOT FALSE
      AND "r0"
      AND "r1") AS "valid"
  FROM "ruled"
),
"staged" AS (
  SELECT
    "valid",
    (CASE WHEN NOT "valid" THEN 0 WHEN NOT "r2" THEN 0 WHEN NOT "r3" THEN 3 ELSE 5 END) AS "stage_0",
    "v_facilityId" AS "key_0"
  FROM "judged"
),
"combinations" AS (
  SELECT CAST((CASE WHEN "valid" THEN 3656158440062976 ELSE 0 END) + CAST("stage_0" AS BIGINT) * 1 AS BIGINT) AS "code_0", "key_0",
    count(*) AS "n"
  FROM "staged"
  GROUP BY 1, 2
)
SELECT GROUPING("key_0") AS "grouping_id",
  "key_0",
  sum(CASE WHEN TRUE THEN "n" ELSE 0 END) AS "records_read",
  sum(CASE WHEN "code_0" >= 3656158440062976 THEN "n" ELSE 0 END) AS "records_valid",
  sum(CASE WHEN (("code_0" // 1) % 6) >= 1 THEN "n" ELSE 0 END) AS "t0_initial_population",
  sum(CASE WHEN (("code_0" // 1) % 6) = 2 THEN "n" ELSE 0 END) AS "t0_denominator_exclusions",
  sum(CASE WHEN (("code_0" // 1) % 6) >= 3 THEN "n" ELSE 0 END) AS "t0_denominator",
  sum(CASE WHEN (("code_0" // 1) % 6) = 4 THEN "n" ELSE 0 END) AS "t0_numerator_exclusions",
  sum(CASE WHEN (("code_0" // 1) % 6) = 5 THEN "n" ELSE 0 END) AS "t0_numerator"
FROM "combinations"
GROUP BY GROUPING SETS ((), ("key_0"));

-- city-elderly-health-indicators 0.1.0: refused episode records from care.stays, in input order
WITH "raw" AS (
  SELECT "id" AS "c_id",
    "facilityId" AS "c_facilityId",
    "admittedOn" AS "c_admittedOn",
    "dischargedOn" AS "c_dischargedOn",
    "pressureInjuryStage" AS "c_pressureInjuryStage",
    "acquiredInFacility" AS "c_acquiredInFacility",
    "pressureInjuryFoundOn" AS "c_pressureInjuryFoundOn"
  FROM "care"."stays"
  WHERE CAST($1 AS DATE) <= CAST($2 AS DATE) AND CAST($3 AS DATE) IS NOT NULL
),
"checked" AS (
  SELECT "raw".*,
    coalesce("c_id" <> '', FALSE) AS "ok_id",
    ("c_id" IS NULL) AS "no_id",
    coalesce("c_facilityId" <> '', FALSE) AS "ok_facilityId",
    ("c_facilityId" IS NULL) AS "no_facilityId",
    coalesce("c_admittedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_admittedOn",
    ("c_admittedOn" IS NULL) AS "no_admittedOn",
    coalesce("c_dischargedOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_dischargedOn",
    ("c_dischargedOn" IS NULL) AS "no_dischargedOn",
    coalesce("c_pressureInjuryStage" IN ('none', '1', '2', '3', '4', 'unstageable', 'deep-tissue'), FALSE) AS "ok_pressureInjuryStage",
    ("c_pressureInjuryStage" IS NULL) AS "no_pressureInjuryStage",
    ("c_acquiredInFacility" IS NOT NULL) AS "ok_acquiredInFacility",
    ("c_acquiredInFacility" IS NULL) AS "no_acquiredInFacility",
    coalesce("c_pressureInjuryFoundOn" BETWEEN DATE '0001-01-01' AND DATE '9999-12-31', FALSE) AS "ok_pressureInjuryFoundOn",
    ("c_pressureInjuryFoundOn" IS NULL) AS "no_pressureInjuryFoundOn"
  FROM "raw"
),
"typed" AS (
  SELECT "checked".*,
    "c_id" AS "v_id",
    "c_facilityId" AS "v_facilityId",
    "c_admittedOn" AS "v_admittedOn",
    "c_dischargedOn" AS "v_dischargedOn",
    "c_pressureInjuryStage" AS "v_pressureInjuryStage",
    "c_acquiredInFacility" AS "v_acquiredInFacility",
    "c_pressureInjuryFoundOn" AS "v_pressureInjuryFoundOn",
    ("ok_id"
      AND "ok_facilityId"
      AND "ok_admittedOn"
      AND ("ok_dischargedOn" OR "no_dischargedOn")
      AND "ok_pressureInjuryStage"
      AND ("ok_acquiredInFacility" OR "no_acquiredInFacility")
      AND ("ok_pressureInjuryFoundOn" OR "no_pressureInjuryFoundOn")) AS "fields_ok"
  FROM "checked"
),
"aged" AS (
  SELECT "typed".*
  FROM "typed"
),
"ruled" AS (
  SELECT "aged".*,
    ((((NOT ("v_dischargedOn" IS NOT NULL))) OR ((CASE WHEN "v_dischargedOn" IS NULL THEN FALSE ELSE ("v_dischargedOn" >= "v_admittedOn") END)))) AS "r0",
    ((CASE WHEN "v_pressureInjuryStage" = 'none' THEN (TRUE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '1' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '2' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '3' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = '4' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = 'unstageable' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) WHEN "v_pressureInjuryStage" = 'deep-tissue' THEN (FALSE OR ((CASE WHEN "v_acquiredInFacility" = TRUE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" = FALSE THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND TRUE) WHEN "v_acquiredInFacility" IS NULL THEN ((("v_pressureInjuryFoundOn" IS NOT NULL)) AND FALSE) END))) END)) AS "r1",
    (((("v_admittedOn" <= CAST($2 AS DATE))) AND ((((NOT ("v_dischargedOn" IS NOT NULL))) OR ((CASE WHEN "v_dischargedOn" IS NULL THEN FALSE ELSE ("v_dischargedOn" >= CAST($1 AS DATE)) END)))))) AS "r2",
    ((CASE WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = 'none' THEN (TRUE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '1' THEN (TRUE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '2' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '3' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = '4' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = 'unstageable' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = TRUE AND "v_pressureInjuryStage" = 'deep-tissue' THEN (TRUE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = 'none' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '1' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '2' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '3' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = '4' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = 'unstageable' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" = FALSE AND "v_pressureInjuryStage" = 'deep-tissue' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = 'none' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '1' THEN (FALSE AND FALSE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '2' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '3' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = '4' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = 'unstageable' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) WHEN "v_acquiredInFacility" IS NULL AND "v_pressureInjuryStage" = 'deep-tissue' THEN (FALSE AND TRUE AND (((CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE (CAST($1 AS DATE) <= "v_pressureInjuryFoundOn") END) AND (CASE WHEN "v_pressureInjuryFoundOn" IS NULL THEN FALSE ELSE ("v_pressureInjuryFoundOn" <= CAST($2 AS DATE)) END)))) END)) AS "r3"
  FROM "aged"
),
"judged" AS (
  SELECT "ruled".*,
    ("fields_ok" AND NOT FALSE
      AND "r0"
      AND "r1") AS "valid"
  FROM "ruled"
),
"numbered" AS (
  SELECT "judged".*, row_number() OVER () AS "row_"
  FROM "judged"
)
SELECT "row_" AS "row_",
  "row_" AS "line_",
  "row_" - 1 AS "index_",
  CAST("c_id" AS TEXT) AS "raw_0",
  CAST("c_facilityId" AS TEXT) AS "raw_1",
  CAST("c_admittedOn" AS TEXT) AS "raw_2",
  CAST("c_dischargedOn" AS TEXT) AS "raw_3",
  CAST("c_pressureInjuryStage" AS TEXT) AS "raw_4",
  CAST("c_acquiredInFacility" AS TEXT) AS "raw_5",
  CAST("c_pressureInjuryFoundOn" AS TEXT) AS "raw_6"
FROM "numbered"
WHERE NOT "valid"
ORDER BY "row_"
LIMIT CAST($4 AS BIGINT);

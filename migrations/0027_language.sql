-- The language the pages speak to a user (a BCP 47 tag Leadline is translated into).
-- NULL: the browser's, else the company's.
ALTER TABLE users ADD COLUMN language text CHECK (language IN ('en', 'id', 'zh-CN', 'ru'));

-- The company's language, for users whose browser asks for none Leadline speaks. NULL
-- until the first start sets it from LEADLINE_LANGUAGE (English unless given).
ALTER TABLE company_settings ADD COLUMN language text
    CHECK (language IN ('en', 'id', 'zh-CN', 'ru'));

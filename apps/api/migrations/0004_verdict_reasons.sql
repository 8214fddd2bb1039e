-- Why each open or click was judged human or machine (e.g. {mpp-prefetch}, {bot-user-agent,click-seconds-after-delivery}).
ALTER TABLE events ADD COLUMN verdict_reasons text[] NOT NULL DEFAULT '{}';

// Each area's documents live in their own folder; this list is curated by hand.

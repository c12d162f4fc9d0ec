"""Maps of the districts and wards: cases per 100,000 over 7 days, drawn from imported
boundaries (`episurv import boundaries`) or, without them, as a grid of tiles."""

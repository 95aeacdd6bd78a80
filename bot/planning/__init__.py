"""The trip-planning stage (SPEC section 10): sights, days and fares -> a day-by-day plan."""

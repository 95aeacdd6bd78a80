"""English: the readers of spans in Latin letters, in any message (SPEC section 2's values
from English words, digits and dates)."""

from bot.understanding.en import constraints, dates, names, slots, words
from bot.understanding.reading import Reader, slot_readers

READER = Reader(
    language="en",
    claims=words.has_latin,
    slots=slot_readers(slots, names),
    read_date=dates.read_date,
    read_shift=dates.read_shift,
    bare_weekday=dates.bare_weekday,
    hotel_names=names.HotelNames,
    city_names=names.CityNames,
    constraints=constraints.Constraints,
    range_words=("to", "till", "until", "into", "through", "thru", "and", "-", "–", "->", "→", "~"),
    is_message=words.has_latin,
    names_a_night=dates.names_a_night,
    party_phrase=slots.party_phrase,
    day_word=dates.day_word,
    names_hotel=names.names_hotel,
)

"""Chinese: the readers of Chinese spans, and of every span of a Chinese message. A message
in Traditional script is read in Simplified (script.py) before the model and the readers,
so the readers hold Simplified forms only."""

from bot.understanding.reading import Reader, slot_readers
from bot.understanding.zh import constraints, dates, slots, words

READER = Reader(
    language="zh",
    claims=words.looks_chinese,
    slots=slot_readers(slots),
    read_date=dates.read_date,
    read_shift=dates.read_shift,
    bare_weekday=dates.bare_weekday,
    hotel_names=slots.HotelNames,
    city_names=slots.CityNames,
    constraints=constraints.Constraints,
    range_words=("到", "至", "一直到", "住到"),
    is_message=words.is_chinese,
    names_a_night=dates.names_a_night,
    party_phrase=slots.party_phrase,
    day_word=dates.day_word,
    names_hotel=slots.names_hotel,
)

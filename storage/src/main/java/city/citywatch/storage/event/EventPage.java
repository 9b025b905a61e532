package city.citywatch.storage.event;

import city.citywatch.core.event.Event;

import java.util.List;

/** One page of events; {@code next} is the cursor of the following page, null on the last page. */
public record EventPage(List<Event> items, String next) {
    public EventPage {
        items = List.copyOf(items);
    }
}

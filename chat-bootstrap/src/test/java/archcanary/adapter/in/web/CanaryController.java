package archcanary.adapter.in.web;

import archcanary.adapter.out.persistence.CanaryStore;

/** Canary fixture: a web adapter that calls the persistence adapter directly, bypassing the ports. */
public class CanaryController {

    private final CanaryStore store = new CanaryStore();

    public void post(String text) {
        store.store(text);
    }
}

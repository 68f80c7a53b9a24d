package archcanary.adapter.out.persistence;

/** Canary fixture: a persistence adapter type. */
public class CanaryStore {

    public void store(String text) {
    }
}

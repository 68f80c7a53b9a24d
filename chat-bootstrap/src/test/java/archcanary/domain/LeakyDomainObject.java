package archcanary.domain;

import org.springframework.util.Assert;

/** Canary fixture: a domain type that uses Spring. */
public class LeakyDomainObject {

    public LeakyDomainObject(String name) {
        Assert.hasText(name, "name");
    }
}

package archcanary.application.service;

import org.springframework.stereotype.Service;

/** Canary fixture: an application service annotated with a Spring stereotype. */
@Service
public class SpringAwareService {
}

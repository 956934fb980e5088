package io.contactsync;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class ContactSyncApplication {
    public static void main(String[] args) {
        SpringApplication.run(ContactSyncApplication.class, args);
    }
}

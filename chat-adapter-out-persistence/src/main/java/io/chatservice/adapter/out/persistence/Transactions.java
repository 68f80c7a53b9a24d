package io.chatservice.adapter.out.persistence;

import org.springframework.transaction.support.TransactionSynchronizationManager;

final class Transactions {

    private Transactions() {
    }

    /** A row lock taken outside a transaction ends with its statement and would protect nothing. */
    static void requireActive(String operation) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException(operation + " must run inside a transaction: its lock lasts until commit");
        }
    }
}

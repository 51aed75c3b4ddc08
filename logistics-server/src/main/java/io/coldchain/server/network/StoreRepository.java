package io.coldchain.server.network;

import org.springframework.data.jpa.repository.JpaRepository;

interface StoreRepository extends JpaRepository<Store, String> {}

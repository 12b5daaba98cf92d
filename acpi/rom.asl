    /*
     * SPDX-License-Identifier: GPL-2.0-or-later
     * rom.asl - vfio-ssdt template: the GPU's _ROM, served from a QEMU
     * fw_cfg file (-fw_cfg name=@FW_CFG_NAME@,file=vbios.rom).
     *
     * A laptop's dGPU has no ROM BAR: the driver asks ACPI _ROM for the
     * vBIOS, 4 KiB at most per call.  Design and timings (ROMs up to
     * 2 MiB, TCG): tests/vm/ROM-DESIGN.md.  In short, the cost of a call
     * is reaching its offset, since selecting a fw_cfg item rewinds it:
     *
     *  - with QEMU's vmgenid device (\VGIA, the address of a 4 KiB
     *    firmware buffer whose first 40 bytes are never used) and fw_cfg
     *    DMA, one DMA "select + skip offset" whose 16-byte descriptor
     *    borrows those bytes (saved and put back): a few ms at any offset;
     *  - otherwise, 4 KiB blocks read through an IndexField, which makes
     *    the OS's AML interpreter do the port I/O in native code, kept in
     *    a cache grown by doubling: a front-to-back read costs O(size).
     *
     * fw_cfg is one shared select-then-read stream (Linux's qemu_fw_cfg
     * driver uses it too), so every select+read sequence holds \_GL.
     */
    External (@GPU_PARENT@, DeviceObj)
    External (@GPU_PATH@, DeviceObj)
    External (\VGIA, IntObj)

    /*
     * One table for both QEMU shapes: with bridge ACPI hotplug QEMU has
     * made the node (only _ADR in it); without, nothing has.  Declaring
     * the Device when it exists fails (AE_ALREADY_EXISTS) and a bare
     * Scope fails when it does not (AE_NOT_FOUND), so create it only when
     * missing.  The table runs in order, so the Scope below finds it.
     * (_ROM cannot go into both branches: iasl sees one name twice.)
     */
    If (!CondRefOf (@GPU_PATH@))
    {
        Scope (@GPU_PARENT@)
        {
            Device (@GPU_NAME@)
            {
                Name (_ADR, @GPU_ADR@)
            }
        }
    }

    Scope (@GPU_PATH@)
    {
        /*
         * x86 fw_cfg: a 16-bit write to 0x510 selects an item; a byte
         * read of 0x510 or 0x511 returns its next byte; byte writes are
         * ignored (QEMU >= 2.4).  So an IndexField may use the data port
         * as its "index" and a 16-bit read of both ports as its "data":
         * one harmless index write per two bytes read.
         */
        OperationRegion (OVIO, SystemIO, 0x0510, 0x02)
        Field (OVIO, WordAcc, NoLock, WriteAsZeros)
        {
            OVSL,   16
        }
        Field (OVIO, ByteAcc, NoLock, WriteAsZeros)
        {
            Offset (0x01),
            OVIX,   8
        }
        Field (OVIO, ByteAcc, NoLock, Preserve)
        {
            OVDT,   16
        }
        /*
         * Each unit sits at index 0 (ACPICA refuses units whose offset
         * does not fit the 8-bit index): reading one consumes its width.
         */
        IndexField (OVIX, OVDT, WordAcc, NoLock, Preserve) { OV4K, 32768 }
        IndexField (OVIX, OVDT, WordAcc, NoLock, Preserve) { OV64, 512 }
        IndexField (OVIX, OVDT, WordAcc, NoLock, Preserve) { OV04, 32 }

        /* DMA address registers, big-endian; the low half starts it. */
        OperationRegion (OVDR, SystemIO, 0x0514, 0x08)
        Field (OVDR, DWordAcc, NoLock, Preserve)
        {
            OVDH,   32,
            OVDL,   32
        }

        /* The name with its NUL, as in a directory entry's name[56]. */
        Name (OVNM, Buffer () {"@FW_CFG_NAME@"})
        Name (OVKY, Zero)   /* select key of the file; 0: not found yet */
        Name (OVSZ, Zero)   /* its size */
        Name (OVDM, Zero)   /* 1: DMA skip usable */
        Name (OVCA, Package (0x0200) {})    /* 4 KiB blocks, up to 2 MiB */
        Name (OVNB, Zero)                   /* blocks in OVCA */
        Name (OVLB, Buffer (0x1000) {})     /* DMA path: the last block read */
        Name (OVLI, Ones)                   /* its number; Ones: none */
        Name (OVSC, Zero)   /* DMA "select OVKY + skip", byte-swapped */
        Name (OVSV, Zero)   /* \VGIA, byte-swapped */

        /* fw_cfg's directory and DMA registers are big-endian. */
        Method (OVSW, 1, NotSerialized)
        {
            Local0 = (Arg0 & 0xFF) << 24
            Local0 |= (Arg0 & 0xFF00) << 8
            Local0 |= (Arg0 >> 8) & 0xFF00
            Local0 |= (Arg0 >> 24) & 0xFF
            Return (Local0)
        }

        /*
         * Find the file: the directory (item 0x19) is a be32 count, then
         * {be32 size, be16 key, be16 0, name[56]} per file.  Decide on
         * DMA from the feature bitmap (item 1, bit 1).  Caller holds \_GL.
         */
        Method (OVFD, 0, Serialized)
        {
            OVSL = One
            If ((OV04 & 0x02) && CondRefOf (\VGIA))
            {
                If (\VGIA != Zero)
                {
                    OVDM = One
                }
            }
            OVSL = 0x19
            Local0 = OVSW (OV04)
            Local1 = SizeOf (OVNM)
            While (Local0)
            {
                Local2 = OV64
                If (Mid (Local2, 0x08, Local1) == OVNM)
                {
                    OVSZ = OVSW (ToInteger (Mid (Local2, Zero, 0x04)))
                    OVKY = (DerefOf (Local2 [0x04]) << 8) | DerefOf (Local2 [0x05])
                    Break
                }
                Local0--
            }
            /* Swapping costs ~0.2 ms under TCG: once here, not per call. */
            If (OVDM)
            {
                OVSC = OVSW ((OVKY << 16) | 0x0C)   /* select | skip */
                OVSV = OVSW (\VGIA)
            }
        }

        /*
         * One DMA transfer: select OVKY, skip Arg0 bytes.  Returns the
         * control word QEMU writes back, 0 on success.  Caller holds \_GL.
         */
        Method (OVSK, 1, Serialized)
        {
            OperationRegion (OVDD, SystemMemory, \VGIA, 0x10)
            Field (OVDD, DWordAcc, NoLock, Preserve)
            {
                DCTL,   32,
                DLEN,   32,
                DAHI,   32,
                DALO,   32
            }
            Local1 = DCTL
            Local2 = DLEN
            Local3 = DAHI
            Local4 = DALO
            DCTL = OVSC
            DLEN = OVSW (Arg0)
            DAHI = Zero
            DALO = Zero
            OVDH = Zero
            OVDL = OVSV
            Local0 = DCTL
            DCTL = Local1
            DLEN = Local2
            DAHI = Local3
            DALO = Local4
            Return (Local0)
        }

        /*
         * Bytes [Arg0, Arg0 + Arg1) of the file, at most 4 KiB; past the
         * end only what exists, an empty Buffer when nothing does.
         */
        Method (_ROM, 2, Serialized)
        {
            Acquire (\_GL, 0xFFFF)
            If (OVKY == Zero)
            {
                OVFD ()
            }
            Local0 = Zero
            If ((OVKY != Zero) && (Arg0 < OVSZ))
            {
                Local0 = Arg1
                If (Local0 > 0x1000)
                {
                    Local0 = 0x1000
                }
                If (Local0 > (OVSZ - Arg0))
                {
                    Local0 = OVSZ - Arg0
                }
            }
            If (Local0 == Zero)
            {
                Release (\_GL)
                Return (Buffer (Zero) {})
            }

            If (OVDM)
            {
                Local1 = Arg0 >> 12
                Local2 = Arg0 & 0x0FFF
                If ((Local2 + Local0) <= 0x1000)
                {
                    /*
                     * Inside one 4 KiB block: keep the block, because a
                     * reader such as acpi_call (42 bytes a call) asks for
                     * the rest of it next.  The file never changes.
                     */
                    If (Local1 != OVLI)
                    {
                        If (OVSK (Local1 << 12) == Zero)
                        {
                            OVLB = OV4K
                            OVLI = Local1
                        }
                        Else
                        {
                            OVDM = Zero     /* failed: ports from now on */
                        }
                    }
                    If (OVDM)
                    {
                        Local3 = Mid (OVLB, Local2, Local0)
                        Release (\_GL)
                        Return (Local3)
                    }
                }
                ElseIf (OVSK (Arg0) == Zero)
                {
                    Local3 = OV4K
                    Release (\_GL)
                    Return (Mid (Local3, Zero, Local0))
                }
                Else
                {
                    OVDM = Zero
                }
            }

            /* Not cached yet: read on to twice the need (16 blocks min). */
            Local1 = (Arg0 + Local0 - One) >> 12
            If (Local1 >= OVNB)
            {
                Local2 = (Local1 + One) << One
                If (Local2 < 0x10)
                {
                    Local2 = 0x10
                }
                Local3 = (OVSZ + 0x0FFF) >> 12
                If (Local2 > Local3)
                {
                    Local2 = Local3
                }
                /* Selecting rewinds: refill from block 0, same port cost. */
                OVSL = OVKY
                OVNB = Zero
                While (OVNB < Local2)
                {
                    OVCA [OVNB] = OV4K
                    OVNB++
                }
            }
            Release (\_GL)
            Local2 = Arg0 & 0x0FFF
            Local3 = DerefOf (OVCA [Arg0 >> 12])
            If ((Local2 + Local0) > 0x1000)
            {
                Concatenate (Local3, DerefOf (OVCA [(Arg0 >> 12) + One]), Local3)
            }
            Return (Mid (Local3, Local2, Local0))
        }
    }
